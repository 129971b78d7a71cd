import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../domain/post.ts";
import { isParleyError } from "../errors.ts";
import { CampaignMatcher } from "./match.ts";

function post(text: string, overrides: Partial<NormalizedPost> = {}): NormalizedPost {
  return {
    platform: "x",
    platformId: "1",
    text,
    createdAt: new Date("2025-01-02T03:04:05Z"),
    author: { platform: "x", platformId: "u1", handle: "Ana" },
    channel: "public",
    mentions: [],
    hashtags: [],
    raw: null,
    ...overrides,
  };
}

describe("CampaignMatcher", () => {
  it("returns every matching campaign in the order the campaigns were given", () => {
    const m = new CampaignMatcher([
      { id: "outages", query: "outage OR #lumendown" },
      { id: "brand", query: "@lumenmobile OR lumen" },
      { id: "billing", query: "bill*" },
    ]);
    expect(m.match(post("@LumenMobile another outage #LumenDown"))).toEqual(["outages", "brand"]);
    expect(m.match(post("my bills from lumen"))).toEqual(["brand", "billing"]);
    expect(m.match(post("nothing relevant here"))).toEqual([]);
  });

  it("evaluates campaigns led by a NOT against every post", () => {
    const m = new CampaignMatcher([{ id: "all-but-spam", query: "-giveaway" }]);
    expect(m.match(post("anything at all"))).toEqual(["all-but-spam"]);
    expect(m.match(post("crypto giveaway"))).toEqual([]);
  });

  it("rejects a candidate whose full query fails", () => {
    const m = new CampaignMatcher([{ id: "c", query: '"no signal" lumen' }]);
    expect(m.match(post("signal lost, no lumen"))).toEqual([]);
    expect(m.match(post("lumen: no signal"))).toEqual(["c"]);
  });

  it("filters by language, letting posts of unknown language through", () => {
    const m = new CampaignMatcher([{ id: "fr", query: "lumen", languages: ["FR"] }]);
    expect(m.match(post("lumen en panne", { language: "fr" }))).toEqual(["fr"]);
    expect(m.match(post("lumen is down", { language: "en" }))).toEqual([]);
    expect(m.match(post("lumen is down"))).toEqual(["fr"]);
    expect(m.match(post("lumen is down"), "en")).toEqual([]);
  });

  it("drops excluded authors by handle or id, case-insensitively", () => {
    const m = new CampaignMatcher([{ id: "c", query: "lumen", excludeAuthors: ["@ana", "U9"] }]);
    expect(m.match(post("lumen"))).toEqual([]);
    const other = { platform: "x" as const, platformId: "u9", handle: "bo" };
    expect(m.match(post("lumen", { author: other }))).toEqual([]);
    const third = { platform: "x" as const, platformId: "u3", handle: "cy" };
    expect(m.match(post("lumen", { author: third }))).toEqual(["c"]);
  });

  it("keeps only listed authors when an include list is set", () => {
    const m = new CampaignMatcher([{ id: "vip", query: "lumen", includeAuthorsOnly: ["ana"] }]);
    expect(m.match(post("lumen"))).toEqual(["vip"]);
    const other = { platform: "x" as const, platformId: "u2", handle: "bo" };
    expect(m.match(post("lumen", { author: other }))).toEqual([]);
  });

  it("gives the same answers on repeated posts (candidate marks are reset per post)", () => {
    const m = new CampaignMatcher([
      { id: "a", query: "lumen outage" },
      { id: "b", query: "lumen OR outage" },
    ]);
    for (let i = 0; i < 3; i++) expect(m.match(post("lumen outage outage lumen"))).toEqual(["a", "b"]);
  });

  it("names the campaign whose query is invalid", () => {
    try {
      new CampaignMatcher([
        { id: "ok", query: "a" },
        { id: "broken", query: "(a OR" },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(isParleyError(err, "invalid_query")).toBe(true);
      expect((err as Error).message).toContain("broken");
      expect((err as { details: unknown }).details).toEqual({ campaignId: "broken", position: 5 });
    }
  });
});
