/** The one case fold alert rules compare text with. */
import { describe, expect, it } from "vitest";
import { foldCase, sameFolded } from "./foldCase.ts";

describe("foldCase", () => {
  it("lower-cases ASCII and non-ASCII alike", () => {
    expect(foldCase("ReFuNd")).toBe("refund");
    expect(foldCase("RÜCKERSTATTUNG")).toBe("rückerstattung");
    expect(foldCase("ÉTÉ")).toBe("été");
  });

  it("folds what lower-casing misses and composes decomposed letters", () => {
    expect(foldCase("Straße")).toBe("strasse");
    expect(foldCase("STRAẞE")).toBe("strasse");
    expect(foldCase("ΟΔΟΣ")).toBe(foldCase("οδος"));
    expect(foldCase("İADE")).toBe("iade");
    expect(foldCase("RU\u0308CKERSTATTUNG")).toBe("rückerstattung");
  });

  it("keeps accents: an accented word is not its plain one", () => {
    expect(sameFolded("Résumé", "RÉSUMÉ")).toBe(true);
    expect(sameFolded("résumé", "resume")).toBe(false);
  });
});
