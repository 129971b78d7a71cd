import { describe, expect, it } from "vitest";
import {
  addHash,
  authorHash,
  decodeSketch,
  emptySketch,
  encodeSketch,
  mergeSketches,
  sketchCount,
} from "./authorSketch.ts";

function sketchOf(ids: string[]) {
  let s = emptySketch();
  for (const id of ids) s = addHash(s, authorHash(id));
  return s;
}
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("author sketch", () => {
  it("counts small sets exactly, repeats once", () => {
    const s = sketchOf([...ids("a", 50), ...ids("a", 50)]);
    expect(s.kind).toBe("exact");
    expect(sketchCount(s)).toBe(50);
  });

  it("turns into a HyperLogLog past its bound and stays within a few percent", () => {
    for (const n of [1_000, 20_000, 200_000]) {
      const s = sketchOf(ids(`n${n}-`, n));
      expect(s.kind).toBe("hll");
      expect(Math.abs(sketchCount(s) - n) / n).toBeLessThan(0.12);
    }
  });

  it("merges as a union, across kinds, and survives its text form", () => {
    const a = sketchOf(ids("u", 100));
    const b = sketchOf(ids("u", 60).concat(ids("v", 20)));
    expect(sketchCount(mergeSketches(a, b))).toBe(120);
    const big = sketchOf(ids("w", 5000));
    const merged = mergeSketches(a, big);
    expect(Math.abs(sketchCount(merged) - 5100) / 5100).toBeLessThan(0.12);
    expect(sketchCount(decodeSketch(encodeSketch(merged)))).toBe(sketchCount(merged));
    expect(sketchCount(decodeSketch(encodeSketch(a)))).toBe(100);
    expect(encodeSketch(big).length).toBeLessThan(700);
  });
});
