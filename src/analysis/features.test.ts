import { describe, expect, it } from "vitest";
import { featurize } from "./features.ts";
import { normalizeForModel } from "./normalize.ts";
import { markNegation, tokenize } from "./tokenize.ts";

describe("features", () => {
  it("masks handles, links and numbers so brands and flights do not become features", () => {
    const t = normalizeForModel("@Delta flight 123 https://t.co/x").split(/\s+/).filter(Boolean);
    expect(t).toEqual(["xuser", "flight", "xnum", "xurl"]);
  });
  it("marks words after a negation", () => {
    expect(markNegation(tokenize("not good at all, but fine"))).toEqual([
      "not",
      "neg_good",
      "neg_at",
      "neg_all",
      "but",
      "fine",
    ]);
  });
  it("gives texts with the same words the same vector and unit norm per group", () => {
    const a = featurize("Great service!");
    const b = featurize("great   service!");
    expect(Array.from(a.vector.idx)).toEqual(Array.from(b.vector.idx));
    const sq = Array.from(a.vector.val).reduce((s, v) => s + v * v, 0);
    expect(sq).toBeCloseTo(1, 3);
  });
  it.each([
    ["empty", ""],
    ["only emoji", "😡😡😡"],
    ["mixed scripts", "Привет hello こんにちは مرحبا"],
    ["broken surrogate pair", "bad \uD83D end \uDE00"],
    ["html", "<p>Refund&nbsp;please &amp; <b>now</b></p>"],
    ["100 kB", "delay ".repeat(17_000)],
  ])("handles %s text", (_name, text) => {
    const f = featurize(text);
    expect(f.vector.idx.length).toBe(f.vector.val.length);
    for (const v of f.vector.val) expect(Number.isFinite(v)).toBe(true);
  });
});
