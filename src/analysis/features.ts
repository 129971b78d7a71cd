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

/** Sorts the raw buckets, counts repeats, and appends (bucket, weight) pairs with unit L2 norm. */
function emitGroup(n: number, scale: number, idx: number[], val: number[]): void {
  if (n === 0) return;
  const raw = scratch.subarray(0, n).sort();
  const start = idx.length;
  let sq = 0;
  let i = 0;
  while (i < n) {
    const b = raw[i]!;
    let c = 1;
    while (i + c < n && raw[i + c] === b) c++;
    const w = 1 + Math.log(c);
    idx.push(b);
    val.push(w);
    sq += w * w;
    i += c;
  }
  const k = scale / Math.sqrt(sq);
  for (let j = start; j < val.length; j++) val[j]! *= k;
}

export function featurize(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Featurized {
  const mask = opts.dim - 1;
  const norm = normalizeForModel(text);
  const tokens = markNegation(tokenize(norm));
  const idx: number[] = [];
  const val: number[] = [];
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
  emitGroup(n, Math.SQRT1_2, idx, val);

  const chars = ` ${norm.replace(/\s+/g, " ").trim()} `;
  const span = opts.charMax - opts.charMin + 1;
  ensure(chars.length * span);
  n = 0;
  if (chars.length > 2) {
    for (let i = 0; i < chars.length; i++) {
      let h = stepHash(FNV_OFFSET ^ CHAR_SEED, 0);
      for (let len = 1; len <= opts.charMax && i + len <= chars.length; len++) {
        h = stepHash(h, chars.charCodeAt(i + len - 1));
        if (len >= opts.charMin) scratch[n++] = h & mask;
      }
    }
  }
  emitGroup(n, Math.SQRT1_2, idx, val);
  return { vector: { idx: Int32Array.from(idx), val: Float32Array.from(val) }, tokens, tokenBuckets };
}
