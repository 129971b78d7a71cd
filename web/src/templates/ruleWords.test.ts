import { describe, expect, it } from "vitest";
import { conditionsFrom, conditionWords } from "./ruleWords.ts";

const none = { trainee: false, vip: false, minFollowers: "", negative: false, publicOnly: false, words: "" };

describe("the approval rule form", () => {
  it("turns the choices into conditions", () => {
    expect(conditionsFrom({ ...none, publicOnly: true, words: " refund, gift card ,," })).toEqual([
      { kind: "channel", channel: "public" },
      { kind: "words", words: ["refund", "gift card"] },
    ]);
    expect(conditionsFrom({ ...none, minFollowers: "10,000", trainee: true })).toEqual([
      { kind: "trainee" },
      { kind: "min_followers", value: 10000 },
    ]);
  });

  it("says what is wrong instead of making an empty or broken rule", () => {
    expect(conditionsFrom(none)).toBe("Choose at least one condition");
    expect(conditionsFrom({ ...none, minFollowers: "many" })).toBe("Followers must be a whole number");
  });

  it("reads a rule's conditions as words", () => {
    expect(conditionWords({ kind: "min_followers", value: 10000 })).toBe("the author has 10,000+ followers");
    expect(conditionWords({ kind: "words", words: ["refund", "free"] })).toBe(
      "the reply says “refund” or “free”",
    );
  });
});
