/**
 * Names the words that pushed a linear model towards a class, for one-line explanations. It reads
 * only the unigram buckets of the post's own words (already hashed during featurisation) and keeps
 * the best three in place: no sort, and only the winners become strings.
 */
import { type Featurized, tokenText } from "./features.ts";
import { hashString } from "./hash.ts";

/** Where one model's class weights sit in a (possibly shared) feature-major table. */
export interface WeightHead {
  table: Float32Array | Int8Array;
  /** Floats per bucket row. */
  width: number;
  /** Column of this model's first class in a row. */
  offset: number;
  classes: number;
  /** dim - 1 of the table. */
  mask: number;
  /** Per-class factor of the stored weights (int8 tables). */
  scale?: ArrayLike<number>;
}

/** Words too common to explain anything, and the placeholders of masked handles, links and numbers. */
const STOP = new Set(
  "the a an and or of to in on at for is are was were be been it its this that i me my we our you your he she they them their with as by from so if do did does have has had just xuser xurl xnum xemail"
    .split(" ")
    .map((w) => hashString(w) | 0),
);
const MAX_TOKENS = 200;

/** How much bucket `b` favours `classIndex` over the model's mean class. */
function lean(head: WeightHead, b: number, classIndex: number): number {
  const { table, width, offset, classes, mask, scale } = head;
  const base = (b & mask) * width + offset;
  let mean = 0;
  for (let c = 0; c < classes; c++) mean += table[base + c]! * (scale ? scale[c]! : 1);
  return table[base + classIndex]! * (scale ? scale[classIndex]! : 1) - mean / classes;
}

export function topWords(f: Featurized, head: WeightHead, classIndex: number, n = 3): string[] {
  const best = [-1, -1, -1].slice(0, n);
  const bestScore = [0, 0, 0].slice(0, n);
  const limit = Math.min(f.tokenCount, MAX_TOKENS);
  for (let t = 0; t < limit; t++) {
    if (f.tokEnd[t]! - f.tokStart[t]! < 2 || STOP.has(f.tokHash[t]!)) continue;
    let s = lean(head, f.tokBucket[t]!, classIndex);
    // A lexicon word also pushes through its valence feature ("a +3 word"), so a word the
    // training set rarely showed can still be the reason the label fell as it did.
    const lex = f.tokLexBucket[t]!;
    if (lex >= 0) s += lean(head, lex, classIndex);
    if (s <= bestScore[n - 1]!) continue;
    // The same word twice is one reason, not two.
    let dup = false;
    for (let j = 0; j < n; j++) {
      const b = best[j]!;
      if (b >= 0 && f.tokBucket[b] === f.tokBucket[t]) dup = true;
    }
    if (dup) continue;
    let at = n - 1;
    while (at > 0 && s > bestScore[at - 1]!) {
      bestScore[at] = bestScore[at - 1]!;
      best[at] = best[at - 1]!;
      at--;
    }
    bestScore[at] = s;
    best[at] = t;
  }
  const out: string[] = [];
  for (const b of best) if (b >= 0) out.push(tokenText(f, b));
  return out;
}

export function quoteWords(words: string[]): string {
  return words.length ? words.map((w) => `"${w}"`).join(", ") : "no single decisive word";
}
