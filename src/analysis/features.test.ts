import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURES, featurize, tokenText } from "./features.ts";
import { normalizeForModel } from "./normalize.ts";

const words = (text: string) => {
  const f = featurize(text);
  return Array.from({ length: f.tokenCount }, (_, i) => tokenText(f, i));
};

describe("features", () => {
  it("masks handles, links and numbers so brands and flights do not become features", () => {
    const t = normalizeForModel("@Delta flight 123 https://t.co/x").split(/\s+/).filter(Boolean);
    expect(t).toEqual(["xuser", "flight", "xnum", "xurl"]);
  });
  it("marks the words a negation scopes over, up to the end of the clause", () => {
    expect(words("not good at all, but fine")).toEqual([
      "not",
      "not good",
      "not at",
      "not all",
      "but",
      "fine",
    ]);
    expect(words("didn't like it! great now")).toEqual(["didn't", "not like", "not it", "!", "great", "now"]);
  });
  it("gives a negated word a different feature from the plain word", () => {
    const plain = featurize("good");
    const negated = featurize("never good");
    expect(negated.tokBucket[1]).not.toBe(plain.tokBucket[0]);
  });
  it("gives texts with the same words the same vector and unit norm per group", () => {
    const a = featurize("Great service!");
    const b = featurize("great   service!");
    expect(Array.from(a.vector.idx)).toEqual(Array.from(b.vector.idx));
    // The lexicon block comes on top of the two n-gram groups; without it they sum to one.
    const plain = featurize("Great service!", { ...DEFAULT_FEATURES, lexWord: 0, lexDense: 0, shape: 0 });
    const sq = Array.from(plain.vector.val).reduce((s, v) => s + v * v, 0);
    expect(sq).toBeCloseTo(1, 3);
  });
  it("returns vectors that stay valid after later calls", () => {
    const a = featurize("first post");
    const copy = Array.from(a.vector.idx);
    featurize("a second, longer post that reuses the scratch buffers");
    expect(Array.from(a.vector.idx)).toEqual(copy);
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
