import { describe, expect, test } from "vitest";
import { barScale, postsPerVoice } from "./voices.ts";

describe("voices", () => {
  test("bars share one scale, the largest count in the table", () => {
    const scale = barScale([
      { posts: 50, authors: 1 },
      { posts: 20, authors: 18 },
    ]);
    expect(scale(50)).toBe("100%");
    expect(scale(1)).toBe("2%");
    expect(scale(18)).toBe("36%");
  });

  test("an empty table draws no bars", () => {
    expect(barScale([])(0)).toBe("0%");
  });

  test("posts per voice shows one author posting fifty times", () => {
    expect(postsPerVoice({ posts: 50, authors: 1 })).toBe("50.0");
    expect(postsPerVoice({ posts: 0, authors: 0 })).toBe("–");
  });
});
