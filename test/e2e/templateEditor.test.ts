/**
 * The template editor in the browser: the variables explained, a live preview that names an
 * unknown variable, the API's refusal shown, a template changed (a second language) and deleted;
 * checked with axe-core and on a phone.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { PHONE, spillingPastTheScreen } from "./phoneWidth.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("the template editor, in the browser", () => {
  const session = useBrowserSession();

  test("a supervisor previews, corrects, changes and deletes a template", async () => {
    const page = session.page;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();

    const variables = page.getByRole("definition");
    expect(await variables.count()).toBe(4);
    expect(await page.locator(".variable-list").textContent()).toContain("typed by the agent");

    const form = page.getByRole("form", { name: "New template" });
    await form.getByLabel(/^Name/).fill("Refund on its way");
    const text = form.getByLabel(/^Text/);
    await text.fill("Hi {{customer_nme}}, your refund for {{order_number}} is on its way.");
    const preview = form.locator(".template-preview");
    await expect.poll(() => preview.textContent()).toMatch(/Unknown variable \{\{customer_nme\}\}/);
    expect(await text.getAttribute("aria-invalid")).toBe("true");

    // The server refuses it too, and the form says why.
    await form.getByRole("button", { name: "Add template" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/customer_nme/);

    await text.fill("Hi {{customer_name}}, your refund for {{order_number}} is on its way. {{agent_name}}");
    await expect
      .poll(() => preview.textContent())
      .toContain(`Hi Sam Rivera, your refund for LM-1234 is on its way. ${DEMO_USER.name}`);
    expect(await text.getAttribute("aria-invalid")).toBeNull();
    await form.getByRole("button", { name: "Add template" }).click();
    const row = page.getByRole("row", { name: /Refund on its way/ });
    await row.waitFor();

    // Changed: a German version added, the name kept.
    await row.getByRole("button", { name: "Edit Refund on its way" }).click();
    const edit = page.getByRole("form", { name: "Change template Refund on its way" });
    expect(await edit.getByLabel(/^Name/).evaluate((el) => el === document.activeElement)).toBe(true);
    await edit.getByRole("button", { name: "Add a language" }).click();
    const german = edit.getByRole("group", { name: "Version 2" });
    await german.getByLabel(/^Language/).fill("de");
    await german.getByLabel(/^Text/).fill("Hallo {{customer_name}}, Ihre Erstattung ist unterwegs.");
    await expect.poll(() => german.locator(".template-preview").textContent()).toContain("Hallo Sam Rivera");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}template-editor.png`, fullPage: true });
    await edit.getByRole("button", { name: "Save template" }).click();
    await edit.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.id.endsWith("-edit") ?? false)).toBe(true);
    await expect.poll(() => row.textContent()).toContain("Hallo {{customer_name}}");
    const stored = await page.evaluate(async () => (await (await fetch("/api/templates")).json()).items);
    expect(stored.find((t: { name: string }) => t.name === "Refund on its way")).toMatchObject({
      versions: [
        { language: "en", text: expect.stringContaining("{{order_number}}") },
        { language: "de", text: "Hallo {{customer_name}}, Ihre Erstattung ist unterwegs." },
      ],
      variables: ["customer_name", "order_number", "agent_name"],
    });

    await page.setViewportSize(PHONE);
    await row.getByRole("button", { name: "Edit Refund on its way" }).click();
    await page.getByRole("form", { name: "Change template Refund on its way" }).waitFor();
    expect(await spillingPastTheScreen(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    await row.getByRole("button", { name: "Delete Refund on its way" }).click();
    await row.waitFor({ state: "detached" });
    const left = await page.evaluate(async () => (await (await fetch("/api/templates")).json()).items);
    expect(left.some((t: { name: string }) => t.name === "Refund on its way")).toBe(false);
  });
});
