import { describe, expect, it } from "vitest";
import { assessUrgency } from "./urgency.ts";

const level = (text: string, ctx = {}) =>
  assessUrgency(text, { negative: 0.5, influence: 0, actionable: true, ...ctx }).level;

describe("urgency in the demo's languages", () => {
  it("calls a safety incident critical in every language", () => {
    expect(level("a passenger is injured in coach 3 and nobody comes")).toBe("critical");
    expect(level("un passager est blessé dans la voiture 3")).toBe("critical");
    expect(level("hay humo saliendo del vagón 4")).toBe("critical");
    expect(level("im Zug liegt eine verletzte Frau")).toBe("critical");
    expect(level("uma senhora desmaiou na plataforma")).toBe("critical");
    expect(level("c'è un incendio vicino al binario")).toBe("critical");
  });

  it("calls fraud and legal threats critical", () => {
    expect(level("compra que eu não fiz no meu cartão, golpe!")).toBe("critical");
    expect(level("prélèvement frauduleux, je vais porter plainte")).toBe("critical");
    expect(level("ich gehe zum Anwalt")).toBe("critical");
  });

  it("calls an outage or an imminent deadline high", () => {
    expect(level("seit gestern kein Internet")).toBe("high");
    expect(level("a Lumen está fora do ar aqui")).toBe("high");
    expect(level("tren cancelado y mi vuelo sale en dos horas")).toBe("high");
  });

  it("keeps a thank-you low even when it mentions what was fixed", () => {
    expect(level("thanks, the outage was fixed in minutes", { praise: true })).toBe("low");
  });

  it("does not read a word inside another word as a signal", () => {
    expect(level("the firework show was lovely")).toBe("normal");
    expect(level("a brand new phone", { actionable: false })).toBe("low");
  });
});
