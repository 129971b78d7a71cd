/**
 * Dense features of a post computed from its tokens: lexicon valence (sums, counts, strongest
 * word, words under negation, emoji and emoticons) and the shapes complaints take ("still not",
 * "3 days", "$40", "you charged", a question asked in anger). Hashed sparse n-grams see these only
 * word by word; as a handful of values they generalise past the words the training set happened
 * to contain. Everything is written into one reused array: no allocation per post.
 */
import { hashString } from "./hash.ts";
import { emoticonPolarity, phraseValence, wordValence } from "./lexicon.ts";
import { TOKEN_MARK, type TokenScratch } from "./scan.ts";

export const DENSE_NAMES = [
  "pos_sum",
  "neg_sum",
  "pos_count",
  "neg_count",
  "pos_max",
  "neg_max",
  "negated_pos",
  "negated_neg",
  "net_pos",
  "net_neg",
  "no_lexicon",
  "emoticon_pos",
  "emoticon_neg",
  "contrast",
  "contrast_word",
  "still_not",
  "never",
  "time_span",
  "money",
  "question_negative",
  "exclaim_negative",
  "you_blame",
  "repeat",
] as const;
export type DenseName = (typeof DENSE_NAMES)[number];
const at = (name: DenseName) => DENSE_NAMES.indexOf(name);
/** The first index of the complaint-shape cues; those before it come from the lexicon. */
export const FIRST_SHAPE_CUE = at("still_not");

/** Values of the last post's dense features, by DENSE_NAMES index. */
export const dense = new Float32Array(DENSE_NAMES.length);

const h = (w: string) => hashString(w) | 0;
const set = (words: string) => new Set(words.split(" ").map(h));
const STILL = h("still");
const NEVER = h("never");
const XNUM = h("xnum");
const QUESTION = h("?");
const EXCLAIM = h("!");
const TIME_UNITS = set(
  "min mins minute minutes hr hrs hour hours day days week weeks month months year years",
);
/** Words that, before a time unit, make it a span ("a week", "two days", "xnum hours"). */
const SPAN_COUNTS = set("xnum a an few several couple two three four five six seven ten");
const MONEY_WORDS = set("dollars dollar bucks usd eur euros pounds cents fee fees charge charged");
const NEGATIVE_AFTER_STILL = set("not no nothing waiting broken down haven't hasn't havent hasnt");
const YOU = set("you u your ur they");
const REPEAT = set("again keeps keep constantly repeatedly every another");
const CURRENCY = new Set([36, 163, 8364]); // $ £ €
/** Words that turn a clause ("good food but", "finally answered", "pero", "mais", "aber"). */
const CONTRAST = set(
  "but yet though however although finally pero aunque mais pourtant enfin aber trotzdem endlich mas porém enfim però finalmente",
);

const saturate = (x: number, k: number) => x / (x + k);

/** A word of 4+ letters ending in "ed": a past action ("you charged", "they cancelled"). */
function pastTense(text: string, s: number, e: number): boolean {
  return e - s >= 4 && text.charCodeAt(e - 1) === 100 && text.charCodeAt(e - 2) === 101;
}

/**
 * Fills `dense` for the `n` tokens in `t` over `text`, and `t.valence` with each token's lexicon
 * valence (sign flipped under negation; 0 for unknown words). Returns `dense`.
 */
export function computeDense(text: string, t: TokenScratch, n: number): Float32Array {
  const { start, end, hash, negated, kind, valence } = t;
  let posSum = 0;
  let negSum = 0;
  let posCount = 0;
  let negCount = 0;
  let posMax = 0;
  let negMax = 0;
  let negatedPos = 0;
  let negatedNeg = 0;
  let stillNot = 0;
  let never = 0;
  let span = 0;
  let money = 0;
  let question = 0;
  let exclaim = 0;
  let blame = 0;
  let repeat = 0;
  let contrastWord = 0;
  for (let i = 0; i < n; i++) {
    const th = hash[i]!;
    if (CONTRAST.has(th)) contrastWord = 1;
    let v = wordValence(th);
    let neg = negated[i] === 1;
    if (i > 0) {
      // A two-token entry ("fed up", "no fun") replaces its words; its own negator is part of it.
      const pv = phraseValence(hash[i - 1]!, th);
      if (pv !== 0) {
        const prev = valence[i - 1]!;
        if (prev > 0) posSum -= prev;
        else if (prev < 0) negSum += prev;
        valence[i - 1] = 0;
        v = pv;
        neg = negated[i - 1] === 1;
      }
    }
    valence[i] = neg ? -v : v;
    if (v > 0) {
      if (neg) negatedPos += v;
      else {
        posSum += v;
        posCount++;
        if (v > posMax) posMax = v;
      }
    } else if (v < 0) {
      if (neg) negatedNeg -= v;
      else {
        negSum -= v;
        negCount++;
        if (-v > negMax) negMax = -v;
      }
    }
    if (kind[i] === TOKEN_MARK) {
      if (th === (QUESTION | 0)) question = 1;
      else if (th === (EXCLAIM | 0)) exclaim = 1;
      continue;
    }
    if (
      th === STILL &&
      i + 1 < n &&
      (NEGATIVE_AFTER_STILL.has(hash[i + 1]!) || wordValence(hash[i + 1]!) < 0)
    )
      stillNot = 1;
    else if (th === NEVER) never = 1;
    else if (
      TIME_UNITS.has(th) &&
      i > 0 &&
      (SPAN_COUNTS.has(hash[i - 1]!) || (i > 1 && SPAN_COUNTS.has(hash[i - 2]!)))
    )
      span = 1;
    else if (th === XNUM) {
      const before = start[i]! >= 2 ? text.charCodeAt(start[i]! - 2) : 0;
      if (CURRENCY.has(before) || (i + 1 < n && MONEY_WORDS.has(hash[i + 1]!))) money = 1;
    } else if (YOU.has(th) && i + 1 < n) {
      const j = i + 1;
      if (pastTense(text, start[j]!, end[j]!) || wordValence(hash[j]!) < 0) blame = 1;
    } else if (REPEAT.has(th)) repeat = 1;
  }
  const emo = emoticonPolarity(text);
  const net = posSum - negSum;
  const d = dense;
  d[0] = saturate(posSum, 5);
  d[1] = saturate(negSum, 5);
  d[2] = saturate(posCount, 1);
  d[3] = saturate(negCount, 1);
  d[4] = posMax / 5;
  d[5] = negMax / 5;
  d[6] = saturate(negatedPos, 3);
  d[7] = saturate(negatedNeg, 3);
  d[8] = net > 0 ? 1 : 0;
  d[9] = net < 0 ? 1 : 0;
  d[10] = posCount + negCount + negatedPos + negatedNeg === 0 ? 1 : 0;
  d[11] = emo > 0 ? 1 : 0;
  d[12] = emo < 0 ? 1 : 0;
  // Praise words beside words of a problem: how sarcasm, and praise of a fixed problem, look.
  d[13] = posCount > 0 && (negCount > 0 || negatedPos > 0 || emo < 0) ? 1 : 0;
  d[14] = contrastWord;
  d[15] = stillNot;
  d[16] = never;
  d[17] = span;
  d[18] = money;
  d[19] = question && negSum > 0 ? 1 : 0;
  d[20] = exclaim && negSum > 0 ? 1 : 0;
  d[21] = blame;
  d[22] = repeat;
  return d;
}
