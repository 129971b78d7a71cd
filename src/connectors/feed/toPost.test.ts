import { describe, expect, it } from "vitest";
import type { FeedDocument, FeedEntry } from "./model.ts";
import { absoluteLink, entryPlatformId, entryText, entryToDraft, parseFeedDate } from "./toPost.ts";

const FEED = "https://blog.example.com/feed.xml";
const doc: FeedDocument = { format: "rss2", title: "Example blog", entries: [] };
const now = new Date("2026-01-05T09:00:00Z");
const draft = (entry: Partial<FeedEntry>) =>
  entryToDraft({ source: "<item/>", ...entry }, { feedUrl: FEED, baseUrl: FEED, doc, now });

describe("entry to draft", () => {
  it("keeps ids that name themselves and qualifies feed-local ones with the feed", () => {
    expect(entryPlatformId({ id: "tag:blog.example.com,2026:1", source: "" }, FEED, undefined)).toBe(
      "tag:blog.example.com,2026:1",
    );
    expect(entryPlatformId({ id: "42", source: "" }, FEED, undefined)).toBe(`${FEED}#42`);
    expect(entryPlatformId({ source: "" }, FEED, "https://blog.example.com/a")).toBe(
      "https://blog.example.com/a",
    );
    expect(
      entryPlatformId({ id: `https://x.example/${"a".repeat(300)}`, source: "" }, FEED, undefined),
    ).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("resolves relative links and drops links that are not http(s)", () => {
    expect(absoluteLink("/posts/1", FEED)).toBe("https://blog.example.com/posts/1");
    expect(absoluteLink("javascript:alert(1)", FEED)).toBeUndefined();
    expect(absoluteLink("data:text/html,<script>", FEED)).toBeUndefined();
    expect(draft({ id: "1", title: "t", link: "javascript:alert(1)" })).not.toHaveProperty("url");
  });

  it("reads RSS and ISO dates and falls back to updated, then to now", () => {
    expect(parseFeedDate("Mon, 05 Jan 2026 10:00:00 +0100")?.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(parseFeedDate("Mon, 5 Jan 2026 09:00:00 Z")?.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(parseFeedDate("2026-01-05T09:00:00+00:00")?.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(parseFeedDate("yesterday-ish")).toBeUndefined();
    expect(
      draft({ id: "1", title: "t", published: "garbage", updated: "2026-01-02T00:00:00Z" }),
    ).toMatchObject({
      createdAt: new Date("2026-01-02T00:00:00Z"),
    });
    expect(draft({ id: "1", title: "t" })).toMatchObject({ createdAt: now });
  });

  it("gives an entry without an author to the site", () => {
    expect(draft({ id: "1", title: "t" })).toMatchObject({
      author: { platformId: "blog.example.com", handle: "Example blog", name: "Example blog" },
    });
    expect(draft({ id: "1", title: "t", author: { email: "jane@example.com" } })).toMatchObject({
      author: { platformId: "mailto:jane@example.com", handle: "jane" },
    });
  });

  it("writes title and body once each", () => {
    expect(entryText({ title: "Hello", body: "Hello world", source: "" })).toBe("Hello world");
    expect(entryText({ title: "Hello", body: "Body", source: "" })).toBe("Hello\nBody");
    expect(entryText({ body: "Body", source: "" })).toBe("Body");
  });

  it("takes the language's primary subtag and ignores nonsense", () => {
    expect(draft({ id: "1", title: "t", language: "en-US" })).toMatchObject({ language: "en" });
    expect(draft({ id: "1", title: "t", language: "<script>" })).not.toHaveProperty("language");
  });

  it("says why an entry without id or link cannot be a post", () => {
    expect(draft({ title: "t" })).toEqual({ reason: "The entry has neither an id nor a link" });
  });
});
