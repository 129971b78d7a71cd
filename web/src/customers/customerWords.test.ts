import { describe, expect, it } from "vitest";
import { declinedWords, percent, splitList } from "./customerWords.ts";

describe("customer words", () => {
  it("names what was declined, or nothing", () => {
    expect(declinedWords({ publicReply: true, privateContact: true, survey: true })).toBeNull();
    expect(declinedWords({ publicReply: false, privateContact: true, survey: false })).toBe(
      "Declined: public answers, surveys",
    );
  });
  it("shows a confidence as a whole percentage and splits lists", () => {
    expect(percent(0.954)).toBe("95 %");
    expect(splitList("a@x.com, b@x.com\n\nc@x.com")).toEqual(["a@x.com", "b@x.com", "c@x.com"]);
  });
});
