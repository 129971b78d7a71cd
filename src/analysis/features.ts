/**
 * Hashed sparse features: word unigrams and bigrams (with negation marks) plus character 2–5-grams
 * of the masked text. Each group is log-scaled and L2-normalised on its own so long posts and short
 * ones weigh alike, and words and characters contribute equally.
 */
import { FNV_OFFSET, hashString, mixHash, stepHash } from "./hash.ts";
import { normalizeForModel } from "./normalize.ts";
import { markNegation, tokenize } from "./tokenize.ts";

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface Featurized {
  vector: SparseVector;
  /** Tokens as the models saw them, for explanations. */
  tokens: string[];
  /** Bucket of each token's unigram feature, aligned with `tokens`. */
  tokenBuckets: Int32Array;
}

export interface FeatureOptions {
  /** Number of hash buckets: a power of two. */
  dim: number;
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { dim: 1 << 18, charMin: 2, charMax: 5 };

const BIGRAM_SEED = 0x2545f491;
const CHAR_SEED = 0x68e31da4;
let scratch = new Int32Array(4096);

function ensure(n: number): void {
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, scratch.length * 2));
}

let outIdx = new Int32Array(4096);
let outVal = new Float32Array(4096);

/** Sorts the raw buckets, counts repeats, and appends (bucket, weight) pairs with unit L2 norm at `at`. */
function emitGroup(n: number, scale: number, at: number): number {
  if (n === 0) return at;
  if (outIdx.length < at + n) {
    const size = Math.max(at + n, outIdx.length * 2);
    const i2 = new Int32Array(size);
    i2.set(outIdx.subarray(0, at));
    const v2 = new Float32Array(size);
    v2.set(outVal.subarray(0, at));
    outIdx = i2;
    outVal = v2;
  }
  const raw = scratch.subarray(0, n).sort();
  let m = at;
  let sq = 0;
  let i = 0;
  while (i < n) {
    const b = raw[i]!;
    let c = 1;
    while (i + c < n && raw[i + c] === b) c++;
    const w = c === 1 ? 1 : 1 + Math.log(c);
    outIdx[m] = b;
    outVal[m] = w;
    m++;
    sq += w * w;
    i += c;
  }
  const k = scale / Math.sqrt(sq);
  for (let j = at; j < m; j++) outVal[j]! *= k;
  return m;
}

const CHAR_START = stepHash(FNV_OFFSET ^ CHAR_SEED, 0);
const SPACES = /\s+/g;

export function featurize(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Featurized {
  const mask = opts.dim - 1;
  const norm = normalizeForModel(text);
  const tokens = markNegation(tokenize(norm));
  const tokenBuckets = new Int32Array(tokens.length);

  ensure(tokens.length * 2 + 2);
  let n = 0;
  let prev = hashString("<s>");
  for (let t = 0; t < tokens.length; t++) {
    const h = hashString(tokens[t]!);
    tokenBuckets[t] = h & mask;
    scratch[n++] = h & mask;
    scratch[n++] = mixHash(mixHash(BIGRAM_SEED, prev), h) & mask;
    prev = h;
  }
  if (tokens.length > 0) scratch[n++] = mixHash(mixHash(BIGRAM_SEED, prev), hashString("</s>")) & mask;
  let at = emitGroup(n, Math.SQRT1_2, 0);

  const chars = ` ${norm.replace(SPACES, " ").trim()} `;
  const span = opts.charMax - opts.charMin + 1;
  ensure(chars.length * span);
  n = 0;
  if (chars.length > 2) {
    for (let i = 0; i < chars.length; i++) {
      let h = CHAR_START;
      const last = Math.min(opts.charMax, chars.length - i);
      for (let len = 1; len <= last; len++) {
        h = Math.imul(h ^ chars.charCodeAt(i + len - 1), 0x01000193) >>> 0;
        if (len >= opts.charMin) scratch[n++] = h & mask;
      }
    }
  }
  at = emitGroup(n, Math.SQRT1_2, at);
  return { vector: { idx: outIdx.slice(0, at), val: outVal.slice(0, at) }, tokens, tokenBuckets };
}
