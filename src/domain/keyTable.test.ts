import { describe, expect, it } from "vitest";
import { hashRange, KeyTable } from "./keyTable.ts";

describe("KeyTable", () => {
  it("numbers keys in order of first addition and finds them again", () => {
    const t = new KeyTable();
    expect(t.add("lumen")).toBe(0);
    expect(t.add("#down")).toBe(1);
    expect(t.add("lumen")).toBe(0);
    expect(t.get("#down")).toBe(1);
    expect(t.get("absent")).toBe(-1);
    expect(t.key(1)).toBe("#down");
  });

  it("finds a key from a slice of a longer text, without the slice as a string", () => {
    const t = new KeyTable();
    t.add("signal");
    const text = "no signal again";
    expect(t.find(text, 3, 9, hashRange(text, 3, 9))).toBe(0);
    // Same start, other length: "signa" is not the key.
    expect(t.find(text, 3, 8, hashRange(text, 3, 8))).toBe(-1);
  });

  it("keeps every key reachable as it grows", () => {
    const t = new KeyTable();
    for (let i = 0; i < 5000; i++) expect(t.add(`w${i}`)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(t.get(`w${i}`)).toBe(i);
    expect(t.size).toBe(5000);
  });
});
