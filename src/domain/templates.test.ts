import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import {
  cleanValue,
  hasPlaceholder,
  orderForPost,
  pickVersion,
  renderTemplate,
  templateVariables,
  validVersions,
} from "./templates.ts";

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return isParleyError(err) ? err.code : "not a catalogue error";
  }
}

const values = { customer_name: "Ana", agent_name: "Sam", brand_name: "Lumen", order_number: "A-123" };

describe("renderTemplate", () => {
  it("fills every variable, with or without spaces inside the braces", () => {
    expect(
      renderTemplate(
        "Hi {{customer_name}}, {{ agent_name }} from {{brand_name}} here about {{order_number}}.",
        values,
      ),
    ).toBe("Hi Ana, Sam from Lumen here about A-123.");
  });

  it("refuses a template naming a variable Parley does not know, listing it", () => {
    expect(codeOf(() => renderTemplate("Hi {{first_name}}", values))).toBe("template_variable_unknown");
    try {
      templateVariables("{{x}} and {{customer_name}} and {{ y }}");
    } catch (err) {
      expect(isParleyError(err) && err.details).toMatchObject({ unknown: ["x", "y"] });
    }
  });

  it("refuses a placeholder left open", () => {
    expect(codeOf(() => renderTemplate("Hi {{customer_name", values))).toBe("template_malformed");
    expect(codeOf(() => renderTemplate("Hi customer_name}}", values))).toBe("template_malformed");
  });

  it("names the variables with no value instead of sending them raw", () => {
    try {
      renderTemplate("Order {{order_number}} for {{customer_name}}", {
        customer_name: "Ana",
        order_number: "  ",
      });
      expect.unreachable();
    } catch (err) {
      expect(isParleyError(err, "template_variable_missing")).toBe(true);
      expect((err as { details: unknown }).details).toEqual({ missing: ["order_number"] });
    }
  });

  it("inserts hostile values as text: no second expansion, no markup, one line", () => {
    const hostile = {
      ...values,
      customer_name: "{{agent_name}} <script>alert(1)</script>",
      order_number: "1\n\nClick http://evil.example\u0000",
    };
    const text = renderTemplate("Hi {{customer_name}}, order {{order_number}}.", hostile);
    expect(text).toBe("Hi {{agent_name}} <script>alert(1)</script>, order 1 Click http://evil.example.");
  });

  it("keeps values to 100 characters", () => {
    expect([...(cleanValue("é".repeat(300)) ?? "")]).toHaveLength(100);
    expect(cleanValue("\u0007 \n")).toBeNull();
  });

  it("spots a placeholder left in a reply's text", () => {
    expect(hasPlaceholder("Your order {{ order_number }} ships")).toBe(true);
    expect(hasPlaceholder("a {{literal}} brace")).toBe(false);
  });
});

describe("versions per language", () => {
  const versions = [
    { language: "en", text: "Hello" },
    { language: "es", text: "Hola" },
    { language: "pt", text: "Olá" },
  ];

  it("offers the post's language, then the workspace's first, then the first version", () => {
    expect(pickVersion(versions, "es")?.text).toBe("Hola");
    expect(pickVersion(versions, "pt-BR")?.text).toBe("Olá");
    expect(pickVersion(versions, "de", ["pt", "en"])?.text).toBe("Olá");
    expect(pickVersion(versions, null)?.text).toBe("Hello");
    expect(pickVersion([], "en")).toBeNull();
  });

  it("lists templates with a version in the post's language first", () => {
    const templates = [
      { name: "Apology", versions: [{ language: "en", text: "Sorry" }] },
      { name: "Refund", versions: [{ language: "fr", text: "Remboursement" }] },
      { name: "Billing", versions: [{ language: "en", text: "Bill" }] },
    ];
    expect(orderForPost(templates, "fr").map((t) => t.name)).toEqual(["Refund", "Apology", "Billing"]);
    expect(orderForPost(templates, "en").map((t) => t.name)).toEqual(["Apology", "Billing", "Refund"]);
  });

  it("refuses no versions, two in one language, a bad code or a bad placeholder", () => {
    expect(codeOf(() => validVersions([]))).toBe("validation_failed");
    expect(codeOf(() => validVersions([versions[0]!, { language: "EN", text: "Hi" }]))).toBe(
      "validation_failed",
    );
    expect(codeOf(() => validVersions([{ language: "english!", text: "Hi" }]))).toBe("validation_failed");
    expect(codeOf(() => validVersions([{ language: "en", text: "Hi {{name}}" }]))).toBe(
      "template_variable_unknown",
    );
    expect(validVersions([{ language: "pt-BR", text: " Olá {{customer_name}} " }])).toEqual([
      { language: "pt", text: "Olá {{customer_name}}" },
    ]);
  });
});
