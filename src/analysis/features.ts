/**
 * Hashed sparse features of the masked text: word unigrams and bigrams (words after a negation
 * hashed apart, so "not good" differs from "good") and character 3–5-grams. Nothing is allocated
 * per n-gram: hashes roll over char codes directly.
 *
 * Each occurrence weighs 1/sqrt(n) within its group (words, chars), so a group has unit norm when
 * its features are distinct; the two groups weigh alike. Without a sort or a count table this is
 * the cheapest weighting, and repeats simply add up in the dot product.
 */
import { computeDense, DENSE_NAMES, FIRST_SHAPE_CUE } from "./cues.ts";
import { FNV_OFFSET, hashString, mixHash } from "./hash.ts";
import { normalizeForModel } from "./normalize.ts";
import { scanTokens, tokenScratch } from "./scan.ts";

export interface SparseVector {
  /** Buckets; a bucket may repeat (its weights then add up). */
  idx: Int32Array;
  val: Float32Array;
}

export interface Featurized {
  vector: SparseVector;
  /** The masked, lower-cased text the token offsets point into. */
  text: string;
  tokenCount: number;
  tokStart: Int32Array;
  tokEnd: Int32Array;
  /** 32-bit hash of each token's text (before negation marking). */
  tokHash: Int32Array;
  /** Bucket of each token's unigram feature (negation included). */
  tokBucket: Int32Array;
  tokNegated: Uint8Array;
  /** Bucket of each token's lexicon-valence feature, −1 for words the lexicon does not know. */
  tokLexBucket: Int32Array;
}

export interface FeatureOptions {
  /** Number of hash buckets: a power of two. */
  dim: number;
  charMin: number;
  charMax: number;
  /** Value of each lexicon word's valence feature ("a +3 word", "a negated −2 word"); 0: off. */
  lexWord: number;
  /** Scale of the dense lexicon block (sums, counts, strongest word, emoticons); 0: off. */
  lexDense: number;
  /** Scale of the complaint-shape cues ("still not", "3 days", "you charged"); 0: off. */
  shape: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  dim: 1 << 17,
  charMin: 3,
  charMax: 5,
  lexWord: 0.1,
  lexDense: 0.3,
  shape: 0,
};

const BIGRAM_SEED = 0x2545f491;
const CHAR_SEED = 0x68e31da4;
const NEG_SEED = 0x3c6ef372;
const LEX_SEED = 0x510e527f;
/** Each dense feature lands in the bucket of its own name's hash (a collision costs little). */
const DENSE_HASH = Int32Array.from(DENSE_NAMES, (name) => hashString(`\u0001dense:${name}`));
/** Valence feature of a lexicon word: one per valence and negation (22 in all). */
const lexHash = (valence: number, negated: number) => mixHash(LEX_SEED, valence + 8 + 16 * negated);
const START = hashString("<s>");
const END = hashString("</s>");
const FNV_PRIME = 0x01000193;
const CHAR_START = Math.imul(FNV_OFFSET ^ CHAR_SEED, FNV_PRIME) >>> 0;

/** Chars of the current n-gram window (n ≤ 8). */
const RING = 8;
const ring = new Uint16Array(RING);
let outIdx = new Int32Array(2048);
let outVal = new Float32Array(2048);

function room(n: number): void {
  if (outIdx.length >= n) return;
  const size = Math.max(n, outIdx.length * 2);
  const i2 = new Int32Array(size);
  i2.set(outIdx);
  outIdx = i2;
  outVal = new Float32Array(size);
}

/** Negated unigram: the same word in a negated clause is a different feature. */
export function negatedHash(h: number): number {
  return mixHash(NEG_SEED, h);
}

/**
 * Features of `text` in shared scratch buffers: the result is valid until the next call. The
 * analyzer uses this on its hot path; `featurize` returns a copy that may be kept.
 */
export function featurizeShared(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Featurized {
  const mask = opts.dim - 1;
  const norm = normalizeForModel(text);
  const t = scanTokens(norm);
  const n = t.count;
  const scratch = tokenScratch();
  const { start, end, hash, negated, bucket, lexBucket } = scratch;
  const charSpan = opts.charMax - opts.charMin + 1;
  room(3 * n + 1 + DENSE_NAMES.length + charSpan * (norm.length + 2));

  let m = 0;
  let prev = START;
  for (let i = 0; i < n; i++) {
    const h = negated[i] ? negatedHash(hash[i]!) : hash[i]!;
    const b = h & mask;
    bucket[i] = b;
    outIdx[m++] = b;
    outIdx[m++] = mixHash(mixHash(BIGRAM_SEED, prev), h) & mask;
    prev = h;
  }
  if (n > 0) outIdx[m++] = mixHash(mixHash(BIGRAM_SEED, prev), END) & mask;
  const words = m;
  const wv = words > 0 ? Math.SQRT1_2 / Math.sqrt(words) : 0;
  for (let j = 0; j < words; j++) outVal[j] = wv;

  // Character n-grams of the text with runs of spaces collapsed, padded with a space: they cross
  // word boundaries and keep punctuation, so emoticons, "!!!" and word pairs leave a trace too.
  let pos = 0;
  let space = true;
  for (let i = 0; i <= norm.length; i++) {
    const c = i < norm.length ? norm.charCodeAt(i) : 32;
    const blank = c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
    if (blank && space) continue;
    space = blank;
    ring[pos % RING] = blank ? 32 : c;
    pos++;
    // The n-grams that end at this char; the first one starts at the padding space.
    const most = Math.min(opts.charMax, pos + 1);
    let h = CHAR_START;
    for (let len = 1; len <= most; len++) {
      const code = len > pos ? 32 : ring[(pos - len) % RING]!;
      h = Math.imul(h ^ code, FNV_PRIME) >>> 0;
      if (len >= opts.charMin) outIdx[m++] = h & mask;
    }
  }
  const chars = m - words;
  const cv = chars > 0 ? Math.SQRT1_2 / Math.sqrt(chars) : 0;
  for (let j = words; j < m; j++) outVal[j] = cv;

  // Outside knowledge: lexicon valence per word and a small dense block, after the two groups.
  const d = computeDense(norm, scratch, n);
  const valence = scratch.valence;
  for (let i = 0; i < n; i++) {
    const v = valence[i]!;
    if (v === 0 || opts.lexWord === 0) {
      lexBucket[i] = -1;
      continue;
    }
    const b = lexHash(v, negated[i]!) & mask;
    lexBucket[i] = b;
    outIdx[m] = b;
    outVal[m++] = opts.lexWord;
  }
  for (let k = 0; k < d.length; k++) {
    const scaleK = k < FIRST_SHAPE_CUE ? opts.lexDense : opts.shape;
    if (d[k] === 0 || scaleK === 0) continue;
    outIdx[m] = DENSE_HASH[k]! & mask;
    outVal[m++] = d[k]! * scaleK;
  }

  return {
    vector: { idx: outIdx.subarray(0, m), val: outVal.subarray(0, m) },
    text: norm,
    tokenCount: n,
    tokStart: start,
    tokEnd: end,
    tokHash: hash,
    tokBucket: bucket,
    tokNegated: negated,
    tokLexBucket: lexBucket,
  };
}

/** Features of `text` in arrays of its own. */
export function featurize(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Featurized {
  const f = featurizeShared(text, opts);
  const n = f.tokenCount;
  return {
    vector: { idx: f.vector.idx.slice(), val: f.vector.val.slice() },
    text: f.text,
    tokenCount: n,
    tokStart: f.tokStart.slice(0, n),
    tokEnd: f.tokEnd.slice(0, n),
    tokHash: f.tokHash.slice(0, n),
    tokBucket: f.tokBucket.slice(0, n),
    tokNegated: f.tokNegated.slice(0, n),
    tokLexBucket: f.tokLexBucket.slice(0, n),
  };
}

/** The text of token `i` as explanations show it ("not good" for a negated "good"). */
export function tokenText(f: Featurized, i: number): string {
  const w = f.text.slice(f.tokStart[i]!, f.tokEnd[i]!);
  return f.tokNegated[i] ? `not ${w}` : w;
}
