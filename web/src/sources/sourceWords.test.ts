import { describe, expect, it } from "vitest";
import { lagWords } from "./sourceWords.ts";

describe("a source's lag in words", () => {
  it("uses the largest unit that reads naturally", () => {
    expect(lagWords(null)).toBe("—");
    expect(lagWords(0)).toBe("0 s");
    expect(lagWords(59)).toBe("59 s");
    expect(lagWords(90)).toBe("2 min");
    expect(lagWords(3600)).toBe("1 h");
    expect(lagWords(3 * 86_400)).toBe("3 days");
  });
});
