import { describe, expect, it } from "vitest";
import { createAnalyzer } from "./analyzer.ts";

const analyzer = createAnalyzer();
const pub = (text: string) =>
  analyzer.analyze({ text, brandHandles: ["acmecare"], brandNames: ["Acme Home"] });

describe("a complaint phrased as a question is a complaint; a plain question is a question", () => {
  it.each([
    "@acmecare why has my bill doubled this month?",
    "@acmecare warum wurde mein Vertrag ohne Nachricht verlängert?",
    "@acmecare pourquoi ma commande est encore bloquée ?",
    "@acmecare ¿por qué me cobráis la entrega si soy cliente premium?",
    "@acmecare perché la mia bolletta è così alta questo mese?",
    "@acmecare waarom is mijn pakket teruggestuurd?",
    "@acmecare por que minha conta veio tão alta?",
    "@acmecare the update wiped my saved lists. what is going on?",
  ])("reads %s as a negative complaint", (text) => {
    const a = pub(text);
    expect(a.intent.label).toBe("complaint");
    expect(a.sentiment.label).toBe("negative");
  });

  it.each([
    "@acmecare where are the roaming settings?",
    "@acmecare what time does the Oxford Street store open on Sunday?",
    "@acmecare wo finde ich meine Rechnungen in der App?",
  ])("reads %s as a neutral question", (text) => {
    const a = pub(text);
    expect(a.intent.label).toBe("question");
    expect(a.sentiment.label).toBe("neutral");
  });

  it("reads why-not as a suggestion, not a complaint", () => {
    expect(pub("@acmecare why not add a dark mode to the app?").intent.label).not.toBe("complaint");
  });
});

describe("short problem reports are complaints in every language", () => {
  it.each([
    "@acmecare parcel never came",
    "@acmecare wrong size sent. again",
    "@acmecare toujours pas de remboursement",
    "@acmecare paquete perdido",
    "@acmecare immer noch keine Lieferung",
    "@acmecare ainda sem reembolso",
    "@acmecare ordine mai arrivato",
  ])("reads %s as a complaint", (text) => {
    expect(pub(text).intent.label).toBe("complaint");
  });

  it.each(["@acmecare app down again", "@acmecare website werkt weer niet", "@acmecare site down?"])(
    "reads the outage %s as a high-urgency complaint",
    (text) => {
      const a = pub(text);
      expect(a.intent.label).toBe("complaint");
      expect(a.urgency.level).toBe("high");
    },
  );
});

describe("thanks for something that went wrong is sarcasm", () => {
  it.each([
    "@acmecare thanks so much for losing my suitcase 🙄",
    "@acmecare thanks for cancelling my order without telling me, really appreciate it",
    "@acmecare cheers for the 2 hour wait on the phone, made my day",
    "@acmecare merci pour la facture en double, trop sympa",
    "@acmecare danke für drei Stunden Warteschleife, echt super",
  ])("reads %s as a sarcastic, negative complaint", (text) => {
    const a = pub(text);
    expect(a.sarcasm?.flag).toBe(true);
    expect(a.intent.label).toBe("complaint");
    expect(a.sentiment.label).toBe("negative");
  });

  it.each([
    "@acmecare thanks for the quick refund, really appreciate it",
    "@acmecare thanks for the quick fix on the login crash, you were fast",
  ])("leaves the genuine thanks %s as praise", (text) => {
    const a = pub(text);
    expect(a.sarcasm?.flag).toBe(false);
    expect(a.intent.label).toBe("praise");
    expect(a.urgency.level).toBe("low");
  });
});

describe("emergencies outside English are critical", () => {
  it.each([
    "@acmecare le chauffe-eau fuit sur le tableau électrique, il y a des étincelles",
    "@acmecare el técnico dejó un cable pelado y mi hijo se ha llevado una descarga",
    "@acmecare il vostro autista mi ha aggredito davanti a casa",
    "@acmecare der Kühlschrank qualmt und es riecht verbrannt",
    "@acmecare ich wurde von eurem Fahrer bedroht",
    "@acmecare mijn kind heeft een batterij ingeslikt uit jullie speelgoed, we gaan naar de eerste hulp",
    "@acmecare il y a quelqu'un de coincé dans l'ascenseur du magasin depuis 20 min",
  ])("calls %s a critical complaint", (text) => {
    const a = pub(text);
    expect(a.urgency.level).toBe("critical");
    expect(a.intent.label).toBe("complaint");
  });
});

describe("praise for a problem put right is praise, not an urgent complaint", () => {
  it.each([
    "@acmecare had a billing problem last week but your team sorted it straight away, great service",
    "@acmecare tuve un problema con el pedido pero lo resolvieron enseguida, gracias",
    "@acmecare hatte eine Störung, wurde innerhalb einer Stunde behoben. Danke!",
    "@acmecare ebbi un problema con la consegna ma l'hanno sistemato subito, grazie",
    "@acmecare tive um problema com a fatura mas resolveram na hora, obrigado",
    "@acmecare pakket was zoek maar binnen een dag opgelost, top!",
    "@acmecare no complaints at all, delivery was early 👍",
  ])("reads %s as low-urgency praise", (text) => {
    const a = pub(text);
    expect(a.intent.label).toBe("praise");
    expect(a.urgency.level).toBe("low");
  });
});

describe("a post to the brand with a clear feeling and no other intent", () => {
  it("reads a plain report of a fault as a complaint, not small talk", () => {
    expect(pub("@acmecare the kettle I bought stopped heating after two weeks").intent.label).toBe(
      "complaint",
    );
  });
});

describe("a lure is spam whatever it promises", () => {
  it("keeps the urgency of a refund lure low", () => {
    const a = pub("Acme Home customers: claim your £300 refund today at acme-refunds.win, enter your card");
    expect(a.intent.label).toBe("spam");
    expect(a.urgency.level).toBe("low");
  });
});

describe("sarcasm outside English and without a problem word", () => {
  it.each([
    "@acmecare la consegna è arrivata in anticipo, gentilissimi",
    "@acmecare der Techniker war pünktlich und super freundlich",
  ])("leaves the plain praise %s unflagged", (text) => {
    const a = pub(text);
    expect(a.sarcasm?.flag).toBe(false);
    expect(a.intent.label).toBe("praise");
  });

  it("reads marked praise of a price rise as a complaint", () => {
    const a = pub("@acmecare oh wonderful, the price went up by 20% 🙄");
    expect(a.sarcasm?.flag).toBe(true);
    expect(a.intent.label).toBe("complaint");
  });
});

describe("suggestions and plain questions outside English", () => {
  it("reads a should-let-us wish as feedback", () => {
    expect(pub("@acmecare you really should let us choose a delivery slot").intent.label).toBe("feedback");
  });

  it.each([
    "@acmecare ¿cuánto tarda el envío a Canarias?",
    "@acmecare est-ce que la livraison le samedi est possible ?",
  ])("reads the plain question %s as neutral", (text) => {
    const a = pub(text);
    expect(a.intent.label).toBe("question");
    expect(a.sentiment.label).toBe("neutral");
  });
});

describe("a suggestion can wait", () => {
  it("gives feedback low urgency while still opening work", () => {
    const a = pub("@acmecare it would be great if the app let me split a bill with friends");
    expect(a.intent.label).toBe("feedback");
    expect(a.urgency.level).toBe("low");
    expect(a.needsBrand).toBe(true);
  });
});

describe("a one-word brand name beside a customer's use of it", () => {
  const named = (text: string) =>
    analyzer.analyze({ text, brandHandles: ["quillohq"], brandNames: ["Quillo"] });

  it.each([
    "anyone using quillo for team notes? does the sync work offline",
    "two years with quillo and never lost a file",
  ])("reads %s as about the brand", (text) => {
    expect(named(text).direction.label).toBe("about_brand");
    expect(named(text).intent.label).not.toBe("other");
  });

  it("reads an emoji of approval as praise", () => {
    expect(pub("@acmecare the new delivery tracker is 🔥").intent.label).toBe("praise");
  });
});
