import { describe, expect, it } from "vitest";
import { createAnalyzer } from "./analyzer.ts";
import { DENSE_NAMES, type DenseName, dense } from "./cues.ts";
import { featurize } from "./features.ts";
import { hashString } from "./hash.ts";
import { emoticonPolarity, phraseValence, wordValence } from "./lexicon.ts";

/** The dense block of `text`, by name (featurize fills it as a side effect). */
function denseOf(text: string): Record<DenseName, number> {
  featurize(text);
  return Object.fromEntries(DENSE_NAMES.map((n, i) => [n, dense[i]!])) as Record<DenseName, number>;
}

/** Each token's lexicon valence after negation, as featurisation saw it. */
function valences(text: string): Record<string, boolean> {
  const f = featurize(text);
  const out: Record<string, boolean> = {};
  for (let i = 0; i < f.tokenCount; i++)
    out[f.text.slice(f.tokStart[i]!, f.tokEnd[i]!)] = f.tokLexBucket[i]! >= 0;
  return out;
}

describe("lexicon", () => {
  it("knows common words, emoji and two-word entries by token hash", () => {
    expect(wordValence(hashString("superb"))).toBeGreaterThan(0);
    expect(wordValence(hashString("dreadful"))).toBeLessThan(0);
    expect(wordValence(hashString("suitcase"))).toBe(0);
    expect(wordValence(hashString("😡"))).toBeLessThan(0);
    expect(phraseValence(hashString("fed"), hashString("up"))).toBeLessThan(0);
    expect(phraseValence(hashString("fed"), hashString("down"))).toBe(0);
  });

  it("reads ASCII faces but not a colon inside a word", () => {
    expect(emoticonPolarity("thanks :) see you")).toBe(1);
    expect(emoticonPolarity("bag lost again :-(")).toBe(-1);
    expect(emoticonPolarity("note:please call")).toBe(0);
    expect(emoticonPolarity("love it <3")).toBe(1);
  });
});

describe("lexicon features", () => {
  it("counts a praised word as positive and the same word under negation as negated", () => {
    const plain = denseOf("the crew was superb today");
    expect(plain.pos_sum).toBeGreaterThan(0);
    expect(plain.negated_pos).toBe(0);
    const negated = denseOf("the crew was not superb today");
    expect(negated.pos_sum).toBe(0);
    expect(negated.negated_pos).toBeGreaterThan(0);
  });

  it("gives a negated word a different valence feature from the plain word", () => {
    const a = featurize("superb");
    const b = featurize("never superb");
    expect(a.tokLexBucket[0]).toBeGreaterThanOrEqual(0);
    expect(b.tokLexBucket[1]).toBeGreaterThanOrEqual(0);
    expect(b.tokLexBucket[1]).not.toBe(a.tokLexBucket[0]);
  });

  it("marks only the words the lexicon knows", () => {
    expect(valences("my luggage is lost and I am furious")).toMatchObject({
      luggage: false,
      lost: true,
      furious: true,
    });
  });

  it("finds the shapes complaints take", () => {
    expect(denseOf("still not fixed after 3 days").still_not).toBe(1);
    expect(denseOf("still not fixed after 3 days").time_span).toBe(1);
    expect(denseOf("waited two hours on hold").time_span).toBe(1);
    expect(denseOf("you charged me $40 for nothing").money).toBe(1);
    expect(denseOf("you charged me $40 for nothing").you_blame).toBe(1);
    expect(denseOf("why is this so terrible?").question_negative).toBe(1);
    expect(denseOf("what time is boarding?").question_negative).toBe(0);
    expect(denseOf("see you in three days").still_not).toBe(0);
  });

  it("says nothing when a post has no word the lexicon knows", () => {
    expect(denseOf("flight 22 to denver at noon").no_lexicon).toBe(1);
    expect(denseOf("flight 22 to denver at noon").pos_sum).toBe(0);
  });
});

describe("explanations", () => {
  const analyzer = createAnalyzer();
  it("names a lexicon word that the airline posts rarely use when it decides the label", () => {
    const a = analyzer.analyze({ text: "the lounge staff were marvelous", brandHandles: [] });
    expect(a.sentiment.label).toBe("positive");
    expect(a.sentiment.explanation).toContain('"marvelous"');
  });
  it("names a negated lexicon word as negated", () => {
    const a = analyzer.analyze({ text: "honestly not impressed with the service", brandHandles: [] });
    expect(a.sentiment.label).toBe("negative");
    expect(a.sentiment.explanation).toContain('"not impressed"');
  });
});
