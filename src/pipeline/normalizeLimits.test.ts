import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { LIMITS, MAX_COUNT, normalizePost, type PostDraft } from "./normalize.ts";

function draft(overrides: Partial<PostDraft> = {}): PostDraft {
  return {
    platform: "x",
    platformId: "42",
    text: "my card was charged twice",
    createdAt: new Date("2025-01-02T03:04:05Z"),
    author: { handle: "ana" },
    raw: { source: "test" },
    ...overrides,
  };
}

function rejection(d: PostDraft): { code: string; message: string } {
  try {
    normalizePost(d);
  } catch (err) {
    if (isParleyError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected the draft to be rejected");
}

describe("normalizePost refuses what a store cannot keep", () => {
  it.each([
    ["a NUL in the text", { text: "a\u0000b" }, /text contains a NUL/],
    ["an unpaired high surrogate in the text", { text: "a\uD83Db" }, /unpaired surrogate/],
    ["an unpaired low surrogate at the end", { text: "ab\uDE00" }, /unpaired surrogate/],
    ["a NUL in the author's name", { author: { handle: "ana", name: "A\u0000" } }, /name contains a NUL/],
    ["a NUL in the handle", { author: { handle: "an\u0000a" } }, /handle contains a NUL/],
    ["a NUL in the id", { platformId: "4\u00002" }, /id contains a NUL/],
    ["a NUL in the URL", { url: "https://x.com/\u0000" }, /URL contains a NUL/],
    ["a NUL deep in the payload", { raw: { a: [{ b: "x\u0000" }] } }, /a\.0\.b contains a NUL/],
    ["an unpaired surrogate in a payload key", { raw: { "k\uD800": 1 } }, /key that contains/],
  ])("reports %s as invalid_encoding", (_name, overrides, message) => {
    const r = rejection(draft(overrides as Partial<PostDraft>));
    expect(r.code).toBe("invalid_encoding");
    expect(r.message).toMatch(message);
  });

  it("keeps a well-formed emoji pair", () => {
    expect(normalizePost(draft({ text: "ok 😀" })).text).toBe("ok 😀");
  });

  it.each([
    ["the year 0000", { createdAt: new Date("0000-01-01T00:00:00Z") }, /outside 1970 to 9999/],
    ["the year 275760", { createdAt: new Date(8.64e15) }, /outside 1970 to 9999/],
    ["a follower count of 1e300", { author: { handle: "a", followers: 1e300 } }, /not a count/],
    ["a follower count past 32 bits", { author: { handle: "a", followers: MAX_COUNT + 1 } }, /not a count/],
    ["a 500 KB URL", { url: `https://x.com/${"a".repeat(500_000)}` }, /URL is longer/],
    ["a URL that is not http", { url: "javascript:alert(1)" }, /not an http/],
    ["an id past the limit", { platformId: "9".repeat(LIMITS.id + 1) }, /id is longer/],
    ["a handle past the limit", { author: { handle: "h".repeat(LIMITS.handle + 1) } }, /handle is longer/],
    ["a name past the limit", { author: { handle: "a", name: "é".repeat(LIMITS.name) } }, /name is longer/],
    ["a reply id past the limit", { replyToPlatformId: "1".repeat(LIMITS.id + 1) }, /replied to is longer/],
    ["a payload nested without end", { raw: nested(200) }, /nested deeper/],
  ])("reports %s as validation_failed", (_name, overrides, message) => {
    const r = rejection(draft(overrides as Partial<PostDraft>));
    expect(r.code).toBe("validation_failed");
    expect(r.message).toMatch(message);
  });

  it("accepts values at their limits", () => {
    const p = normalizePost(
      draft({
        platformId: "9".repeat(LIMITS.id),
        url: `https://x.com/${"a".repeat(LIMITS.url - 14)}`,
        author: { handle: "ana", followers: MAX_COUNT },
        createdAt: new Date("1970-01-01T00:00:00Z"),
      }),
    );
    expect(p.author.followers).toBe(MAX_COUNT);
    expect(p.url?.length).toBe(LIMITS.url);
  });
});

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}
