/**
 * One pass over masked text that finds tokens (words with inner apostrophes, "!" and "?", emoji),
 * hashes each as it goes and marks the words a negation scopes over. Results land in shared
 * typed arrays: no string is cut out per token, which is what made the old tokenizer costly.
 */
import { FNV_OFFSET, hashString } from "./hash.ts";

export const TOKEN_WORD = 0;
export const TOKEN_MARK = 1;
export const TOKEN_EMOJI = 2;

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const FNV_PRIME = 0x01000193;
/** How many words after a negator it scopes over, unless a clause ends first. */
const NEGATION_SCOPE = 3;

const NEGATORS = new Set(
  ["not", "no", "never", "nothing", "nobody", "cannot", "cant", "dont", "didnt", "wont", "isnt", "wasnt"]
    .concat(["aint", "doesnt", "neither", "nor", "without"])
    .map((w) => hashString(w)),
);
const CLAUSE_ENDS = new Set(["!", "?", "but", "however", "though"].map((w) => hashString(w)));

export interface TokenScratch {
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
  bucket: Int32Array;
  kind: Uint8Array;
  negated: Uint8Array;
  /** Lexicon valence of each token, sign flipped under negation (filled by cues.ts). */
  valence: Int8Array;
  /** Bucket of each token's lexicon-valence feature, −1 when the word has none. */
  lexBucket: Int32Array;
}

let cap = 0;
let scratch: TokenScratch = grow(256);

function grow(n: number): TokenScratch {
  cap = n;
  return {
    start: new Int32Array(n),
    end: new Int32Array(n),
    hash: new Int32Array(n),
    bucket: new Int32Array(n),
    kind: new Uint8Array(n),
    negated: new Uint8Array(n),
    valence: new Int8Array(n),
    lexBucket: new Int32Array(n),
  };
}

export function tokenScratch(): TokenScratch {
  return scratch;
}

function isWordCode(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return WORD_CHAR.test(text[i]!);
}

const isApostrophe = (c: number) => c === 39 || c === 0x2019;

/** Tokenises `text` into the shared scratch; returns the token count. */
export function scanTokens(text: string): { count: number } {
  const len = text.length;
  // A token needs at least one char, so there are at most `len` of them.
  if (cap < len + 1) scratch = grow(Math.max(len + 1, cap * 2));
  const { start, end, hash, kind, negated } = scratch;
  let n = 0;
  let left = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    let k = -1;
    let h = FNV_OFFSET;
    const s = i;
    if (isWordCode(c, text, i)) {
      k = TOKEN_WORD;
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
      let last = c;
      let prevLast = 0;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (isWordCode(d, text, i)) {
          h = Math.imul(h ^ d, FNV_PRIME);
          prevLast = last;
          last = d;
          i++;
        } else if (isApostrophe(d) && i + 1 < len && isWordCode(text.charCodeAt(i + 1), text, i + 1)) {
          const e = text.charCodeAt(i + 1);
          h = Math.imul(Math.imul(h ^ 39, FNV_PRIME) ^ e, FNV_PRIME);
          prevLast = 39;
          last = e;
          i += 2;
        } else break;
      }
      h >>>= 0;
      // "didn't", "won't": a word ending in n't negates like "not".
      const negator = NEGATORS.has(h) || (last === 116 && prevLast === 39 && text.charCodeAt(i - 3) === 110);
      negated[n] = left > 0 && !CLAUSE_ENDS.has(h) ? 1 : 0;
      if (CLAUSE_ENDS.has(h)) left = 0;
      else if (left > 0) left--;
      if (negator) left = NEGATION_SCOPE;
    } else if (c === 33 || c === 63) {
      k = TOKEN_MARK;
      h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
      i++;
      negated[n] = 0;
      left = 0;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      if (PICTOGRAPH.test(text.slice(i, i + 2))) {
        k = TOKEN_EMOJI;
        h = Math.imul(Math.imul(h ^ c, FNV_PRIME) ^ text.charCodeAt(i + 1), FNV_PRIME) >>> 0;
        negated[n] = 0;
      }
      i += 2;
    } else {
      if (c > 0x2000 && PICTOGRAPH.test(text[i]!)) {
        k = TOKEN_EMOJI;
        h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
        negated[n] = 0;
      }
      i++;
    }
    if (k < 0) continue;
    start[n] = s;
    end[n] = i;
    hash[n] = h;
    kind[n] = k;
    n++;
  }
  return { count: n };
}
