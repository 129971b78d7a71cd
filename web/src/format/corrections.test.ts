import { describe, expect, test } from "vitest";
import type { PostView } from "../api/types.ts";
import { shownIntent, shownSentiment } from "./corrections.ts";

const analysed = {
  analysis: { intent: { label: "complaint" }, sentiment: { label: "negative" } },
} as unknown as PostView;
const by = { id: "u1", name: "Alex Agent" };

describe("labels shown in lists", () => {
  test("the model's labels when nobody corrected them", () => {
    expect(shownIntent({ ...analysed, correction: null })).toBe("complaint");
    expect(shownSentiment(analysed)).toBe("negative");
  });

  test("an agent's correction wins, label by label", () => {
    const post = { ...analysed, correction: { intent: "question", by, at: "2026-01-01T00:00:00Z" } };
    expect(shownIntent(post)).toBe("question");
    expect(shownSentiment(post)).toBe("negative");
  });

  test("a value the app does not know falls back to the model's", () => {
    expect(shownIntent({ ...analysed, correction: { intent: "rant", by, at: "" } })).toBe("complaint");
  });

  test("nothing to show for a post not analysed", () => {
    expect(shownIntent({ analysis: null } as unknown as PostView)).toBeNull();
  });
});
