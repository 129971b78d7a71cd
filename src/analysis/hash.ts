/**
 * 32-bit string hashing for the feature hashing trick. FNV-1a over UTF-16 code units is enough:
 * collisions cost little accuracy at 2^18 buckets, and it needs no allocation.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashString(s: string, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Folds one more 32-bit value into a running hash (used to form n-grams of tokens). */
export function mixHash(h: number, v: number): number {
  let x = (h ^ Math.imul(v, 0x9e3779b1)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x >>> 0;
}

export function stepHash(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME) >>> 0;
}
