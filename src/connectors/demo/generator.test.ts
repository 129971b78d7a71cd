import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../domain/post.ts";
import { CampaignMatcher } from "../../pipeline/match.ts";
import { DEMO_BRAND, DEMO_CAMPAIGNS } from "./brand.ts";
import { createDemoGenerator } from "./generator.ts";

const START = new Date("2025-01-01T00:00:00Z");

function take(seed: number, count: number): NormalizedPost[] {
  const g = createDemoGenerator({ seed, startTime: START });
  return Array.from({ length: count }, () => g.next());
}

describe("createDemoGenerator", () => {
  it("produces the same posts for the same seed and different ones for another", () => {
    expect(take(42, 200)).toEqual(take(42, 200));
    expect(take(43, 50).map((p) => p.text)).not.toEqual(take(42, 50).map((p) => p.text));
  });

  it("marks every post as demo on the demo platform with unique ids", () => {
    const posts = take(1, 2000);
    expect(posts.every((p) => p.demo === true && p.platform === "demo")).toBe(true);
    expect(new Set(posts.map((p) => p.platformId)).size).toBe(posts.length);
  });

  it("moves time forward from the start time", () => {
    const posts = take(1, 100);
    expect(posts[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(START.getTime());
    for (let i = 1; i < posts.length; i++) {
      expect(posts[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(posts[i - 1]!.createdAt.getTime());
    }
  });

  it("fills every template slot", () => {
    expect(take(5, 3000).filter((p) => /\{\w+\}/.test(p.text))).toEqual([]);
  });

  it("mixes languages, intents, influencers, a repeat poster, brand replies and threads", () => {
    const posts = take(9, 5000);
    const intents = new Set(posts.map((p) => (p.raw as { intent: string }).intent));
    expect([...intents].sort()).toEqual([
      "complaint",
      "feedback",
      "other",
      "praise",
      "purchase_intent",
      "question",
      "spam",
    ]);
    const languages = new Set(posts.map((p) => (p.raw as { language: string }).language));
    expect([...languages].sort()).toEqual(["de", "en", "es", "fr", "pt"]);
    expect(posts.some((p) => p.author.verified && (p.author.followers ?? 0) >= 1_000_000)).toBe(true);
    const byAuthor = new Map<string, number>();
    for (const p of posts) byAuthor.set(p.author.handle, (byAuthor.get(p.author.handle) ?? 0) + 1);
    const [, topCount] = [...byAuthor]
      .filter(([h]) => h !== DEMO_BRAND.handles.support)
      .sort((a, b) => b[1] - a[1])[0]!;
    expect(topCount).toBeGreaterThan(50);
    const brandReplies = posts.filter((p) => p.author.isBrand);
    expect(brandReplies.length).toBeGreaterThan(100);
    const ids = new Set(posts.map((p) => p.platformId));
    expect(brandReplies.every((p) => p.replyToPlatformId !== undefined && ids.has(p.replyToPlatformId))).toBe(
      true,
    );
    expect(posts.some((p) => !p.author.isBrand && p.replyToHandle === DEMO_BRAND.handles.support)).toBe(true);
  });

  it("varies the texts rather than repeating a few strings", () => {
    const texts = new Set(take(3, 2000).map((p) => p.text));
    expect(texts.size).toBeGreaterThan(1000);
  });

  it("gives the starter campaigns posts to match, and keeps the brand's own replies out", () => {
    const matcher = new CampaignMatcher(DEMO_CAMPAIGNS);
    const counts = new Map<string, number>();
    for (const p of take(11, 3000)) {
      const ids = matcher.match(p);
      if (p.author.isBrand) expect(ids).toEqual([]);
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const c of DEMO_CAMPAIGNS) expect(counts.get(c.id) ?? 0).toBeGreaterThan(10);
  });

  it("streams posts until aborted", async () => {
    const controller = new AbortController();
    const got: NormalizedPost[] = [];
    for await (const p of createDemoGenerator({ seed: 1 }).stream({
      ratePerSecond: 1000,
      signal: controller.signal,
    })) {
      got.push(p);
      if (got.length === 5) controller.abort();
    }
    expect(got).toHaveLength(5);
  });
});
