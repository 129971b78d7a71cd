/**
 * What a demo viewer would notice: numbers that disagree with their nouns, an angry face on
 * praise, thanks for a complaint, the same text twice in a short demo.
 */
import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../domain/post.ts";
import { createDemoGenerator, replyKind } from "./generator.ts";
import { LANGUAGE_PACKS } from "./languages/index.ts";
import type { DemoIntent } from "./languages/types.ts";
import { EMOJI } from "./template.ts";

const START = new Date("2025-01-01T00:00:00Z");
/** Ten minutes of the default demo: a backlog of 40, then one post every two seconds. */
const TEN_MINUTES = 40 + 300;

function take(seed: number, count: number): NormalizedPost[] {
  const g = createDemoGenerator({ seed, startTime: START });
  return Array.from({ length: count }, () => g.next());
}

const intentOf = (p: NormalizedPost) => (p.raw as { intent: DemoIntent }).intent;
const has = (text: string, emoji: readonly string[]) => emoji.some((e) => e && text.includes(e));

const PLURAL_NOUNS =
  "hours|days|times|minutes|weeks|lines|calls|heures|jours|lignes|appels|Stunden|Tagen|Tage|Minuten|Karten|Anrufe|horas|días|minutos|líneas|llamadas|veces|dias|linhas|ligações";
const ONE_AND_PLURAL = new RegExp(`(^|[^\\d.])1 (${PLURAL_NOUNS})\\b`, "u");

// Words that carry the feeling on their own, per direction; the packs must not mix them up.
const POSITIVE_WORDS =
  /\b(amazing|brilliant|fantastic|perfect(ly)?|love|great support|10\/10|au top|parfait|ravi|bravo|genial|excelente|perfect[ao]|perfeito|nota 10|super service|zufrieden|empfehlung)\b/iu;
const NEGATIVE_WORDS =
  /\b(worst|unacceptable|not acceptable|useless|fed up|unbelievable|frustrating|déçu|inadmissible|scandaleux|vergüenza|desastre|inaceptable|harto|katastrophe|enttäuschend|frechheit|inakzeptabel|vergonha|péssimo|inaceitável|decepcionado)\b/iu;

describe("the demo's texts", () => {
  const posts = [1, 2, 3].flatMap((seed) => take(seed, 3000));

  it("never put 1 before a plural", () => {
    expect(posts.filter((p) => ONE_AND_PLURAL.test(p.text)).map((p) => p.text)).toEqual([]);
  });

  it("use emoji that agree with the intended feeling", () => {
    const complaints = posts.filter((p) => intentOf(p) === "complaint");
    const praise = posts.filter((p) => intentOf(p) === "praise");
    expect(complaints.length).toBeGreaterThan(1000);
    expect(praise.length).toBeGreaterThan(300);
    expect(complaints.filter((p) => has(p.text, EMOJI.positive)).map((p) => p.text)).toEqual([]);
    expect(praise.filter((p) => has(p.text, EMOJI.negative)).map((p) => p.text)).toEqual([]);
    // The check can fail: both kinds of emoji do occur where they belong.
    expect(complaints.some((p) => has(p.text, EMOJI.negative))).toBe(true);
    expect(praise.some((p) => has(p.text, EMOJI.positive))).toBe(true);
  });

  it("use feeling words that agree with the intended label", () => {
    const complaints = posts.filter((p) => intentOf(p) === "complaint");
    const praise = posts.filter((p) => intentOf(p) === "praise");
    expect(complaints.filter((p) => POSITIVE_WORDS.test(p.text)).map((p) => p.text)).toEqual([]);
    expect(praise.filter((p) => NEGATIVE_WORDS.test(p.text)).map((p) => p.text)).toEqual([]);
    expect(complaints.some((p) => NEGATIVE_WORDS.test(p.text))).toBe(true);
    expect(praise.some((p) => POSITIVE_WORDS.test(p.text))).toBe(true);
  });

  it("answer complaints with help, praise with thanks and buyers with an offer", () => {
    const byId = new Map(posts.map((p) => [p.platformId, p]));
    const replies = posts.filter((p) => p.author.isBrand);
    expect(replies.length).toBeGreaterThan(300);
    for (const reply of replies) {
      const target = byId.get(reply.replyToPlatformId!)!;
      const pack = LANGUAGE_PACKS[(target.raw as { language: string }).language]!;
      const kind = (Object.keys(pack.replies) as (keyof typeof pack.replies)[]).find((k) =>
        pack.replies[k].some((r) => r.replace("{user}", target.author.handle) === reply.text),
      );
      expect(kind, `${reply.text} → ${target.text}`).toBe(replyKind(intentOf(target)));
    }
  });

  it("rarely repeat a text within ten minutes of the demo", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const texts = take(seed, TEN_MINUTES).map((p) => p.text);
      const repeated = texts.length - new Set(texts).size;
      expect(repeated / texts.length, `seed ${seed}`).toBeLessThan(0.05);
    }
  });
});
