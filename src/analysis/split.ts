/** Stratified train/test split with a fixed seed, for training scripts and evaluation. */
import { seededRandom, shuffleInPlace } from "./random.ts";

export function stratifiedSplit<T>(
  rows: readonly T[],
  label: (r: T) => string,
  testShare: number,
  seed: number,
) {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = label(r);
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(r);
  }
  const rand = seededRandom(seed);
  const train: T[] = [];
  const test: T[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = shuffleInPlace(groups.get(key)!, rand);
    const n = Math.round(g.length * testShare);
    test.push(...g.slice(0, n));
    train.push(...g.slice(n));
  }
  return { train, test };
}
