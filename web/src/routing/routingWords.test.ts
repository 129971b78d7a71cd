import { describe, expect, it } from "vitest";
import { formatWait, parseSkills } from "./routingWords.ts";

describe("routing words", () => {
  it("says waits in the largest unit that fits", () => {
    expect(formatWait(null)).toBe("none");
    expect(formatWait(40_000)).toBe("40 s");
    expect(formatWait(4 * 60_000)).toBe("4 min");
    expect(formatWait(65 * 60_000)).toBe("1 h 5 min");
    expect(formatWait(120 * 60_000)).toBe("2 h");
  });

  it("reads skills written as kind:value and names a bad one", () => {
    expect(parseSkills(" language:en, topic: billing ,")).toEqual([
      { kind: "language", value: "en" },
      { kind: "topic", value: "billing" },
    ]);
    expect(parseSkills("")).toEqual([]);
    expect(() => parseSkills("language:en, mood:angry")).toThrow(/"mood:angry"/);
    expect(() => parseSkills("topic:")).toThrow(/kind:value/);
  });
});
