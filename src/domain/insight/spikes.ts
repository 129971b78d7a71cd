/**
 * Spike detection: an hour whose distinct authors on a topic, intent or sentiment stand far above
 * the usual level for that hour of the week. Counted in authors, so one person posting fifty
 * times is one voice and cannot raise an alarm alone. Pure: callers hand in hourly counts.
 *
 * The usual level is the median of the same hour of the week over the previous weeks; how far above it an hour is, is measured as a Poisson-like score
 * (count − usual) / √(usual + 1), which stays meaningful for small counts.
 */

import { HOUR_MS } from "./rollup.ts";

export const WEEK_HOURS = 7 * 24;

export interface SpikeSettings {
  /** Weeks of history the usual level is taken from. */
  weeks: number;
  /** The fewest distinct authors that may be a spike. */
  minAuthors: number;
  /** How many times the usual level the hour must reach. */
  minRatio: number;
  /** The score the hour must reach. */
  minScore: number;
}

export const DEFAULT_SPIKE_SETTINGS: SpikeSettings = { weeks: 4, minAuthors: 5, minRatio: 2.5, minScore: 4 };

export interface SpikeVerdict {
  key: string;
  authors: number;
  usual: number;
  /** authors / max(usual, 1). */
  ratio: number;
  score: number;
}

/**
 * The usual level of hour `t`: the median of the same hour of the week in earlier weeks. With
 * fewer than three such weeks the hours either side join the sample, so a short history still
 * gives a level; with enough weeks they stay out, so an hour busy every week stays usual.
 */
export function usualLevel(counts: readonly number[], t: number, weeks: number): number | null {
  const exact: number[] = [];
  const near: number[] = [];
  for (let w = 1; w <= weeks; w++) {
    for (const d of [-1, 0, 1]) {
      const i = t - w * WEEK_HOURS + d;
      if (i < 0 || i >= counts.length) continue;
      (d === 0 ? exact : near).push(counts[i] ?? 0);
    }
  }
  const sample = exact.length >= 3 ? exact : [...exact, ...near];
  if (sample.length === 0) return null;
  sample.sort((a, b) => a - b);
  const mid = sample.length >> 1;
  return sample.length % 2 ? (sample[mid] ?? 0) : ((sample[mid - 1] ?? 0) + (sample[mid] ?? 0)) / 2;
}

/**
 * Judges hour `t` of each key's series (authors per hour, index 0 the oldest, all the same
 * length). Returns the spikes, the highest score first. An hour without a full week of history
 * behind it is never a spike: there is no usual level to compare with.
 */
export function detectSpikes(
  series: ReadonlyMap<string, readonly number[]>,
  t: number,
  settings: SpikeSettings = DEFAULT_SPIKE_SETTINGS,
): SpikeVerdict[] {
  const out: SpikeVerdict[] = [];
  for (const [key, counts] of series) {
    const authors = counts[t] ?? 0;
    if (authors < settings.minAuthors) continue;
    const usual = usualLevel(counts, t, settings.weeks);
    if (usual === null) continue;
    const ratio = authors / Math.max(usual, 1);
    const score = (authors - usual) / Math.sqrt(usual + 1);
    if (ratio >= settings.minRatio && score >= settings.minScore) {
      out.push({
        key,
        authors,
        usual,
        ratio: Math.round(ratio * 10) / 10,
        score: Math.round(score * 10) / 10,
      });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

export interface SpikePost {
  id: string;
  authorId: string;
  authorHandle: string;
  text: string;
  postedAt: Date;
}

export interface SpikeReason {
  topTerms: { term: string; authors: number }[];
  topAuthors: { handle: string; posts: number }[];
  topPosts: { id: string; text: string; authorHandle: string }[];
}

const STOP = new Set(
  "the a an and or but to of in on for at by with is are was were be been it its this that my our your you i we they he she me us them not no so do does did have has had just from as if all any can will would about what when how why who there here than then too very get got".split(
    " ",
  ),
);

function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}#@']+/u)) {
    const word = raw.replace(/^'+|'+$/g, "");
    if (word.length < 3 || STOP.has(word) || word.startsWith("@") || /^\d+$/.test(word)) continue;
    out.add(word);
  }
  return out;
}

/**
 * Why an hour spiked: the words most authors used (a word counts once per author), the authors
 * who posted most, and one post from each of the most common words' authors.
 */
export function explainSpike(posts: readonly SpikePost[], limit = 5): SpikeReason {
  const termAuthors = new Map<string, Set<string>>();
  const authorPosts = new Map<string, { handle: string; posts: number }>();
  for (const post of posts) {
    for (const term of terms(post.text)) {
      let set = termAuthors.get(term);
      if (!set) {
        set = new Set();
        termAuthors.set(term, set);
      }
      set.add(post.authorId);
    }
    const a = authorPosts.get(post.authorId) ?? { handle: post.authorHandle, posts: 0 };
    a.posts += 1;
    authorPosts.set(post.authorId, a);
  }
  const topTerms = [...termAuthors]
    .map(([term, set]) => ({ term, authors: set.size }))
    .filter((t) => t.authors > 1)
    .sort((a, b) => b.authors - a.authors || a.term.localeCompare(b.term))
    .slice(0, limit);
  const topAuthors = [...authorPosts.values()]
    .sort((a, b) => b.posts - a.posts || a.handle.localeCompare(b.handle))
    .slice(0, limit);
  // Posts that carry the top terms, one per author, so the examples are many voices.
  const seen = new Set<string>();
  const topPosts: SpikeReason["topPosts"] = [];
  const best = new Set(topTerms.map((t) => t.term));
  const ranked = [...posts].sort(
    (a, b) =>
      overlap(terms(b.text), best) - overlap(terms(a.text), best) ||
      a.postedAt.getTime() - b.postedAt.getTime(),
  );
  for (const post of ranked) {
    if (seen.has(post.authorId)) continue;
    seen.add(post.authorId);
    topPosts.push({ id: post.id, text: post.text, authorHandle: post.authorHandle });
    if (topPosts.length >= limit) break;
  }
  return { topTerms, topAuthors, topPosts };
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n += 1;
  return n;
}

/** The hour index of `at` in a series whose index 0 is the hour starting at `start`. */
export function hourIndex(start: Date, at: Date): number {
  return Math.floor((at.getTime() - start.getTime()) / HOUR_MS);
}
