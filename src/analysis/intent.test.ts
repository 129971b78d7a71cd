import { describe, expect, it } from "vitest";
import { createAnalyzer } from "./analyzer.ts";

const analyzer = createAnalyzer();
const intentOf = (text: string) => analyzer.analyze({ text, brandHandles: ["acmehelp"] }).intent.label;

describe("intent on posts addressed to a brand", () => {
  it("reads a direct wish to buy as purchase intent, even when phrased as a question", () => {
    expect(intentOf("@acmehelp I want to buy the blue kettle, do you deliver on sundays?")).toBe(
      "purchase_intent",
    );
    expect(intentOf("@acmehelp quiero comprar la lámpara grande, ¿la tienen?")).toBe("purchase_intent");
    expect(intentOf("@acmehelp je voudrais acheter deux chaises, livrez-vous à Nantes ?")).toBe(
      "purchase_intent",
    );
    expect(intentOf("@acmehelp ich möchte den Staubsauger online bestellen")).toBe("purchase_intent");
    expect(intentOf("@acmehelp quero comprar o liquidificador, tem em estoque?")).toBe("purchase_intent");
  });

  it("reads a question with nothing wrong as a question, with or without a question mark", () => {
    expect(intentOf("@acmehelp what time do you close on fridays")).toBe("question");
    expect(intentOf("hi @acmehelp, how do I change the email on my account")).toBe("question");
    expect(intentOf("@acmehelp not sure which charger fits my model, can you check?")).toBe("question");
    expect(intentOf("@acmehelp ¿dónde está la tienda más cercana?")).toBe("question");
  });

  it("keeps a complaint that also asks something a complaint", () => {
    expect(intentOf("@acmehelp my order never arrived and nobody replies, where is my money?")).toBe(
      "complaint",
    );
  });

  it("reads thanks with no problem as praise, in several languages", () => {
    expect(intentOf("@acmehelp thank you, the replacement came this morning")).toBe("praise");
    expect(intentOf("@acmehelp merci beaucoup pour votre aide rapide")).toBe("praise");
    expect(intentOf("@acmehelp vielen Dank, alles erledigt")).toBe("praise");
    expect(intentOf("@acmehelp muito obrigado pela ajuda")).toBe("praise");
  });

  it("reads a negated problem ('no complaints', 'not bad') as praise, not a complaint", () => {
    expect(intentOf("@acmehelp two years with you and no complaints at all")).toBe("praise");
    expect(intentOf("@acmehelp not bad at all, the kettle works a treat")).toBe("praise");
  });

  it("finds complaints outside English from words that say something went wrong", () => {
    expect(intentOf("@acmehelp el paquete no llegó y nadie me contesta")).toBe("complaint");
    expect(intentOf("@acmehelp Bestellung seit zwei Wochen nicht da, niemand antwortet")).toBe("complaint");
    expect(intentOf("@acmehelp toujours pas de remboursement, c'est inadmissible")).toBe("complaint");
  });

  it("keeps thanks with a problem a complaint", () => {
    expect(intentOf("@acmehelp thanks for nothing, my refund is still missing")).toBe("complaint");
  });

  it("reads a question about the asker's own difficulty as a question", () => {
    expect(intentOf("@acmehelp can't find the roaming settings in the app, where are they?")).toBe(
      "question",
    );
    expect(intentOf("@acmehelp no encuentro la factura de marzo, ¿dónde está?")).toBe("question");
  });

  it("reads a plea for help as a request, and thanks for help as praise", () => {
    expect(intentOf("@acmehelp help, the page shows nothing but code")).not.toBe("other");
    expect(intentOf("@acmehelp ayuda por favor")).toBe("question");
    expect(intentOf("@acmehelp thank you for your help today")).toBe("praise");
  });

  it("reads thanks for a fixed problem as praise", () => {
    expect(intentOf("had a billing mix-up but @acmehelp sorted it in five minutes, brilliant")).toBe(
      "praise",
    );
  });

  it("reads giveaways and phishing lures as spam", () => {
    expect(intentOf("Win a free iPhone!!! retweet and follow @acmehelp")).toBe("spam");
    expect(intentOf("@acmehelp your account is suspended, verify now at acme-secure.com")).toBe("spam");
    expect(intentOf("¡Gana un móvil gratis! sigue y comparte @acmehelp")).toBe("spam");
  });

  it("finds a complaint from a fault the words name in any language", () => {
    expect(intentOf("@acmehelp c'è un incendio vicino al binario 5, nessuno ci dice dove andare")).toBe(
      "complaint",
    );
  });
});

describe("intent of the brand's own posts", () => {
  it("gives the brand's replies and notices no customer intent", () => {
    const a = analyzer.analyze({
      text: "We're sorry for the trouble, please DM us your account number",
      brandHandles: ["acmehelp"],
      author: { handle: "acmehelp" },
    });
    expect(a.direction.label).toBe("from_brand");
    expect(a.intent.label).toBe("other");
    expect(a.intent.explanation).toBe("other: the brand's own post");
  });
});
