import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../domain/post.ts";
import { normalizeUrl, PostDeduper, SeenSet } from "./dedupe.ts";

function post(platformId: string, url?: string): NormalizedPost {
  return {
    platform: "x",
    platformId,
    text: "hi",
    createdAt: new Date(0),
    author: { platform: "x", platformId: "u", handle: "u" },
    channel: "public",
    mentions: [],
    hashtags: [],
    raw: null,
    ...(url === undefined ? {} : { url }),
  };
}

describe("normalizeUrl", () => {
  it("ignores scheme, www, host case, fragment and trailing slash", () => {
    expect(normalizeUrl("HTTPS://WWW.Example.com/a/B/#top")).toBe("example.com/a/B");
    expect(normalizeUrl("http://example.com/a/B")).toBe("example.com/a/B");
  });

  it("drops tracking parameters and keeps the others in order", () => {
    expect(normalizeUrl("https://x.com/p/1?utm_source=t&s=20&fbclid=9&utm_medium=m")).toBe("x.com/p/1?s=20");
    expect(normalizeUrl("https://x.com/p/1?utm_source=t")).toBe("x.com/p/1");
  });

  it("keeps a plain URL as it is, past the scheme, on the short path too", () => {
    expect(normalizeUrl("https://demo.invalid/ana/posts/7")).toBe("demo.invalid/ana/posts/7");
    expect(normalizeUrl("https://demo.invalid:8080/ana/")).toBe("demo.invalid:8080/ana");
    expect(normalizeUrl("https://demo.invalid")).toBe("demo.invalid");
    expect(normalizeUrl("https://www.demo.invalid/a")).toBe("demo.invalid/a");
  });

  it("refuses what is not an http URL", () => {
    expect(normalizeUrl("mailto:a@b.c")).toBeUndefined();
    expect(normalizeUrl("not a url")).toBeUndefined();
  });
});

describe("SeenSet", () => {
  it("reports a key as seen after it is added", () => {
    const s = new SeenSet(10);
    expect(s.checkAndAdd("a")).toBe(false);
    expect(s.checkAndAdd("a")).toBe(true);
  });

  it("never holds more than its capacity", () => {
    const s = new SeenSet(100);
    for (let i = 0; i < 1000; i++) s.checkAndAdd(`k${i}`);
    expect(s.size).toBeLessThanOrEqual(100);
    expect(s.has("k999")).toBe(true);
    expect(s.has("k0")).toBe(false);
  });

  it("tells 200,000 distinct keys apart and knows each again", () => {
    const s = new SeenSet(400_000);
    for (let i = 0; i < 200_000; i++) expect(s.checkAndAdd(`https://example.social/p/${i}`)).toBe(false);
    for (let i = 0; i < 200_000; i++) expect(s.has(`https://example.social/p/${i}`)).toBe(true);
    expect(s.has("https://example.social/p/200000")).toBe(false);
  });

  it("keeps a key that keeps coming back across rotations", () => {
    const s = new SeenSet(4);
    s.checkAndAdd("hot");
    for (let i = 0; i < 20; i++) {
      s.checkAndAdd(`cold${i}`);
      expect(s.checkAndAdd("hot")).toBe(true);
    }
  });
});

describe("PostDeduper", () => {
  it("catches the same post id on the same platform only", () => {
    const d = new PostDeduper();
    expect(d.isDuplicate(post("1"))).toBe(false);
    expect(d.isDuplicate(post("1"))).toBe(true);
    expect(d.isDuplicate({ ...post("1"), platform: "reddit" })).toBe(false);
  });

  it("catches the same URL under another id", () => {
    const d = new PostDeduper();
    expect(d.isDuplicate(post("1", "https://example.com/post/9?utm_source=feed"))).toBe(false);
    expect(d.isDuplicate(post("2", "http://www.example.com/post/9"))).toBe(true);
  });
});
