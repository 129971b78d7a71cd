import { describe, expect, it } from "vitest";
import { hashSplit, splitKey, splitOf } from "./hashSplit.ts";

describe("hashSplit", () => {
  it("puts the same tweet in the same split whatever its handles, links and case", () => {
    const a = "@united my bag is LOST again http://t.co/abc";
    const b = "@user my bag is lost again http";
    expect(splitKey(a)).toBe(splitKey(b));
    expect(splitOf(a)).toBe(splitOf(b));
  });

  it("gives roughly 70/10/20 shares on many distinct texts", () => {
    // Numbers are masked in the key, so the texts differ in letters.
    const word = (i: number) =>
      i.toString(26).replace(/./g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)));
    const rows = Array.from({ length: 20000 }, (_, i) => `post ${word(i)} ${word(i * 7919)}`);
    const s = hashSplit(rows, (r) => r);
    expect(s.train.length + s.val.length + s.test.length).toBe(rows.length);
    expect(s.test.length / rows.length).toBeGreaterThan(0.18);
    expect(s.test.length / rows.length).toBeLessThan(0.22);
    expect(s.val.length / rows.length).toBeGreaterThan(0.08);
    expect(s.val.length / rows.length).toBeLessThan(0.12);
  });
});
