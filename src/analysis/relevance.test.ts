import { describe, expect, it } from "vitest";
import { RelevanceFilter } from "./relevance.ts";

const relevant = [
  "my acme router keeps dropping wifi",
  "acme support never called back",
  "acme bill is wrong again",
  "the acme app crashed on login",
];
const noise = [
  "acme anvils in the old cartoons lol",
  "watching road runner and acme stuff",
  "acme cartoon meme is gold",
  "that coyote and his acme rocket",
];

describe("RelevanceFilter", () => {
  it("learns accept and discard decisions and reports prequential precision and recall", () => {
    const f = new RelevanceFilter();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < relevant.length; i++) {
        f.learn(relevant[i]!, true);
        f.learn(noise[i]!, false);
      }
    }
    expect(f.isRelevant("acme router support dropped my call")).toBe(true);
    expect(f.isRelevant("acme cartoon coyote meme")).toBe(false);
    const s = f.stats();
    expect(s.decisions).toBe(32);
    expect(s.precision).toBeGreaterThan(0.5);
    expect(s.recall).toBeGreaterThan(0.5);
  });

  it("restores the same scores and counts from JSON", () => {
    const f = new RelevanceFilter();
    f.learn("acme bill is wrong", true);
    f.learn("acme cartoon", false);
    const g = RelevanceFilter.fromJSON(JSON.parse(JSON.stringify(f)));
    expect(g.score("acme bill")).toBeCloseTo(f.score("acme bill"), 4);
    expect(g.stats()).toEqual(f.stats());
  });
});
