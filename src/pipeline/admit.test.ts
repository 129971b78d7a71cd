import { describe, expect, it } from "vitest";
import { makePost } from "../../test/support/factories.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { admitPost, samePost } from "./admit.ts";
import { PostDeduper } from "./dedupe.ts";
import { CampaignMatcher } from "./match.ts";

const matcher = new CampaignMatcher([{ id: "c1", query: "lumen" }]);

describe("admitPost", () => {
  it("keeps a matching post with its campaigns, then drops its re-delivery", () => {
    const deduper = new PostDeduper();
    const post = makePost({ text: "lumen is down" });
    expect(admitPost(matcher, deduper, post, samePost, true)).toEqual({ post, campaignIds: ["c1"] });
    expect(admitPost(matcher, deduper, post, samePost, true)).toBe("duplicate");
  });

  it("drops an unmatched post before completing or remembering it", () => {
    const deduper = new PostDeduper();
    const completed: NormalizedPost[] = [];
    const complete = (p: NormalizedPost) => {
      completed.push(p);
      return p;
    };
    const chatter = makePost({ text: "nice weather today" });
    expect(admitPost(matcher, deduper, chatter, complete, true)).toBe("unmatched");
    expect(admitPost(matcher, deduper, chatter, complete, true)).toBe("unmatched");
    expect(completed).toEqual([]);
    // Its id was never recorded: an edited re-delivery that now matches is kept.
    const edited = { ...chatter, text: "nice weather, lumen works again" };
    expect(admitPost(matcher, deduper, edited, complete, true)).toMatchObject({ campaignIds: ["c1"] });
  });

  it("keeps the brand's own posts and, without requireMatch, every post once", () => {
    const deduper = new PostDeduper();
    const brand = makePost({
      text: "We are on it",
      author: { platform: "x", platformId: "b", handle: "lumenhelp", isBrand: true },
    });
    expect(admitPost(matcher, deduper, brand, samePost, true)).toEqual({ post: brand, campaignIds: [] });
    const chatter = makePost({ text: "nice weather today" });
    expect(admitPost(matcher, deduper, chatter, samePost, false)).toEqual({ post: chatter, campaignIds: [] });
    expect(admitPost(matcher, deduper, chatter, samePost, false)).toBe("duplicate");
  });
});
