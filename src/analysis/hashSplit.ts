/**
 * Held-out splits chosen by a hash of the text, not by a shuffle: the same post lands in the same
 * split in every run, in every data set and after rows are added, so a tweet that appears in two
 * public sets (SemEval and its multilingual re-release) can never be trained on in one and tested
 * on in the other. The key is the masked, letters-only text, so "@united" and "@user" versions of
 * one tweet share it.
 */
import { hashString, mixHash } from "./hash.ts";
import { normalizeForModel } from "./normalize.ts";

export type SplitName = "train" | "val" | "test";

/** Shares of the hash space: 70 % train, 10 % validation (choices), 20 % test (reported). */
const TEST_BELOW = 20;
const VAL_BELOW = 30;
const SALT = 0x7a3c91e5;

const NON_LETTERS = /[^\p{L}\p{N}]+/gu;
/** Masks and the placeholders other releases of the same tweets use ("http" for a link, "RT"). */
const PLACEHOLDERS = new Set(["xuser", "xurl", "xnum", "xemail", "http", "https", "rt", "user"]);

/** The text with handles, links, numbers, retweet marks, case and punctuation taken out. */
export function splitKey(text: string): string {
  return normalizeForModel(text)
    .replace(NON_LETTERS, " ")
    .split(" ")
    .filter((w) => w !== "" && !PLACEHOLDERS.has(w))
    .join(" ");
}

export function splitOf(text: string): SplitName {
  const bucket = mixHash(SALT, hashString(splitKey(text))) % 100;
  return bucket < TEST_BELOW ? "test" : bucket < VAL_BELOW ? "val" : "train";
}

export function hashSplit<T>(rows: readonly T[], text: (r: T) => string): Record<SplitName, T[]> {
  const out: Record<SplitName, T[]> = { train: [], val: [], test: [] };
  for (const r of rows) out[splitOf(text(r))].push(r);
  return out;
}
