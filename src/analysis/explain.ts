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

/**
 * Words too common to explain anything (function words of the demo's languages; times, amounts
 * and verbs of motion that a model leans on by chance: "today", "going", "hours"), and the
 * placeholders of masked handles, links and numbers. Words of negation, "still" and "again" stay:
 * they do decide.
 */
const STOP = new Set(
  [
    "the a an and or of to in on at for is are was were be been being it its this that these those i me my we our us you your he she him her his they them their with as by from so if do did does doing have has had having just am will would shall should can could may might must get got gets getting go going goes gone went come came make made take took one two all any some there here what which who whom when where how than then also only very too much many more most other such into onto about over after before up out off xuser xurl xnum xemail",
    "today tonight tomorrow yesterday day days week weeks month months year years hour hours minute minutes time times now morning evening night",
    "el la los las un una unos unas de del y o que en por para con es son fue ser estar está están lo le les se su sus mi mis me te nos hoy ayer mañana",
    "le la les un une des de du et ou que qui en au aux pour par avec est sont été être il elle ils elles je tu nous vous mon ma mes son sa ses ce cette aujourd'hui hier demain",
    "der die das den dem des ein eine einen einem und oder zu im in am an auf für mit ist sind war sein ich du er sie es wir ihr mein meine heute gestern morgen",
    "o a os as um uma de do da dos das e ou que em no na nos nas por para com é são foi ser eu você ele ela meu minha hoje ontem amanhã",
    "il lo la i gli le un una di del della e o che in nel nella per con è sono era essere io tu lui lei mio mia oggi ieri domani",
  ]
    .join(" ")
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
