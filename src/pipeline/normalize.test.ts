import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { finishPost, MAX_TEXT_LENGTH, normalizePost, type PostDraft, prepareDraft } from "./normalize.ts";

function draft(overrides: Partial<PostDraft> = {}): PostDraft {
  return {
    platform: "x",
    platformId: " 42 ",
    text: "  Hey @LumenHelp, my #Signal is gone  ",
    createdAt: new Date("2025-01-02T03:04:05Z"),
    author: { handle: "@Ana" },
    raw: { source: "test" },
    ...overrides,
  };
}

function reason(d: PostDraft): string {
  try {
    normalizePost(d);
  } catch (err) {
    if (isParleyError(err, "validation_failed")) return err.message;
    throw err;
  }
  throw new Error("expected the draft to be rejected");
}

describe("normalizePost", () => {
  it("trims, derives mentions and hashtags and defaults the channel to public", () => {
    const p = normalizePost(draft());
    expect(p.platformId).toBe("42");
    expect(p.text).toBe("Hey @LumenHelp, my #Signal is gone");
    expect(p.mentions).toEqual(["lumenhelp"]);
    expect(p.hashtags).toEqual(["signal"]);
    expect(p.channel).toBe("public");
    expect(p.raw).toEqual({ source: "test" });
  });

  it("uses the handle without @ as the author id when the platform gives none", () => {
    expect(normalizePost(draft()).author).toEqual({ platform: "x", platformId: "Ana", handle: "Ana" });
  });

  it("keeps optional fields only when they have content", () => {
    const p = normalizePost(
      draft({ url: " ", language: "EN", replyToHandle: "@bo", replyToPlatformId: "7" }),
    );
    expect(p.url).toBeUndefined();
    expect(p.language).toBe("en");
    expect(p.replyToHandle).toBe("bo");
    expect(p.replyToPlatformId).toBe("7");
  });

  it("cuts an over-long text and marks the post truncated", () => {
    const p = normalizePost(draft({ text: "a".repeat(MAX_TEXT_LENGTH + 5) }));
    expect(p.text.length).toBe(MAX_TEXT_LENGTH);
    expect(p.truncated).toBe(true);
    expect(normalizePost(draft()).truncated).toBeUndefined();
  });

  it("does not leave half of an emoji at the cut", () => {
    const p = normalizePost(draft({ text: `${"a".repeat(MAX_TEXT_LENGTH - 1)}😀` }));
    expect(p.text).toBe("a".repeat(MAX_TEXT_LENGTH - 1));
  });

  it.each([
    [{ platformId: "  " }, /no id/],
    [{ text: " \n " }, /no text/],
    [{ platform: "myspace" }, /Unknown platform/],
    [{ createdAt: new Date("nope") }, /invalid date/],
    [{ author: { handle: " " } }, /neither a handle nor an id/],
    [{ author: { handle: "a", followers: -1 } }, /not a count/],
  ])("rejects %j", (overrides, message) => {
    expect(reason(draft(overrides as Partial<PostDraft>))).toMatch(message);
  });
});

describe("prepareDraft and finishPost", () => {
  it("prepare the fields matching reads as the finished post will hold them", () => {
    const d = draft({ language: " FR ", author: { handle: " @Ana ", platformId: " U1 " } });
    const prepared = prepareDraft(d);
    expect(prepared.text).toBe("Hey @LumenHelp, my #Signal is gone");
    expect(prepared.language).toBe("fr");
    expect(prepared.author).toMatchObject({ handle: "Ana", platformId: "U1" });
    expect(finishPost(prepared)).toEqual(normalizePost(d));
  });

  it("make the same post as normalizePost, field for field and in the same key order", () => {
    const d = draft({ url: "https://x.com/a/1", language: "EN", replyToHandle: "@bo", demo: true });
    expect(JSON.stringify(finishPost(prepareDraft(d)))).toBe(JSON.stringify(normalizePost(d)));
  });
});
