import { describe, expect, it } from "vitest";
import { detectSpikes, explainSpike, usualLevel, WEEK_HOURS } from "./spikes.ts";

/** Five weeks of a flat level, with `last` authors in the final hour. */
function flat(level: number, last: number): number[] {
  const counts = new Array(5 * WEEK_HOURS).fill(level);
  counts[counts.length - 1] = last;
  return counts;
}

describe("spike detection", () => {
  const t = 5 * WEEK_HOURS - 1;

  it("raises an hour with many more authors than usual for that hour of the week", () => {
    const spikes = detectSpikes(new Map([["billing", flat(2, 20)]]), t);
    expect(spikes).toEqual([{ key: "billing", authors: 20, usual: 2, ratio: 10, score: 10.4 }]);
  });

  it("leaves an hour at its usual level, and a handful of authors, alone", () => {
    expect(detectSpikes(new Map([["network", flat(20, 24)]]), t)).toEqual([]);
    expect(detectSpikes(new Map([["app", flat(0, 4)]]), t)).toEqual([]);
  });

  it("compares with the same hour in earlier weeks, not with the quiet night before", () => {
    const counts = new Array(5 * WEEK_HOURS).fill(1);
    for (let w = 0; w < 5; w++) counts[w * WEEK_HOURS + 100] = 30;
    expect(usualLevel(counts, 4 * WEEK_HOURS + 100, 4)).toBe(30);
    expect(usualLevel(counts, 4 * WEEK_HOURS + 101, 4)).toBe(1);
    // The busy hour is busy every week: that is its usual level.
    expect(detectSpikes(new Map([["store", counts]]), 4 * WEEK_HOURS + 100)).toEqual([]);
  });

  it("has no usual level without history", () => {
    expect(detectSpikes(new Map([["billing", [1, 2, 50]]]), 2)).toEqual([]);
  });

  it("explains a spike by the words most authors used, its loudest authors and posts from many of them", () => {
    const post = (i: number, author: string, text: string) => ({
      id: `p${i}`,
      authorId: author,
      authorHandle: author,
      text,
      postedAt: new Date(Date.UTC(2026, 0, 1, 10, i)),
    });
    const posts = [
      post(1, "a", "The app crashes at login again"),
      post(2, "b", "login crashes every time"),
      post(3, "c", "cannot login, app crashes"),
      ...Array.from({ length: 6 }, (_, i) => post(10 + i, "loud", "refund refund refund")),
    ];
    const reason = explainSpike(posts, 3);
    expect(reason.topTerms).toEqual([
      { term: "crashes", authors: 3 },
      { term: "login", authors: 3 },
      { term: "app", authors: 2 },
    ]);
    expect(reason.topAuthors[0]).toEqual({ handle: "loud", posts: 6 });
    expect(new Set(reason.topPosts.map((p) => p.authorHandle)).size).toBe(3);
    expect(reason.topPosts.map((p) => p.authorHandle)).not.toContain("loud");
  });
});
