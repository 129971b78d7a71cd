import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language.ts";

describe("detectLanguage", () => {
  it.each([
    ["en", "@shopcare my parcel is still not here and nobody answers the phone"],
    ["es", "el pedido todavía no ha llegado y nadie me contesta, qué desastre"],
    ["fr", "je suis toujours sans connexion depuis lundi, merci pour rien"],
    ["de", "ich habe seit drei Tagen kein Netz und niemand ruft zurück"],
    ["pt", "ainda não recebi a minha encomenda, isso é muito chato"],
    ["ko", "배송이 아직 안 왔어요 언제 오나요"],
    ["ja", "まだ荷物が届いていません。いつ届きますか"],
  ])("tells %s", (lang, text) => {
    expect(detectLanguage(text).language).toBe(lang);
  });
  it("reports und when there are too few letters", () => {
    expect(detectLanguage("@brand ok 👍 #123").language).toBe("und");
  });
  it("ignores handles, hashtags and links when guessing", () => {
    expect(
      detectLanguage("@thequickfox #thebestday https://the.example/the muy bien, gracias por todo").language,
    ).toBe("es");
  });
});
