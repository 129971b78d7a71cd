/**
 * Near-duplicates: the same text posted again (a copy-paste, a re-share with "RT", a link
 * shortened differently) is grouped with the first post that said it. Texts are compared by a
 * fingerprint of their words: case, accents, punctuation, links, handles and a leading "RT" do
 * not count. Short texts ("thanks!", "same here") say too little to be one text re-shared, so
 * they get no fingerprint. The grouping holds within `NEAR_DUPLICATE_WINDOW_MS`: the same words a
 * week later are a new post.
 */

/** How far back a post's text is looked for among stored posts. */
export const NEAR_DUPLICATE_WINDOW_MS = 24 * 60 * 60_000;
/** Fewer words than this, once links and handles are gone, and a text has no fingerprint. */
export const FINGERPRINT_MIN_WORDS = 5;

/** How a post is grouped with an earlier one. */
export type OriginalRelation = "quote" | "copy";

const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.-]+/gu;
const RESHARE = /^\s*(?:rt|via)\b[\s:]*/iu;
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The words that make a text what it is, in order; empty when nothing is left. */
export function fingerprintWords(text: string): string[] {
  const plain = text
    .normalize("NFKD")
    .replace(MARKS, "")
    .toLowerCase()
    .replace(LINK, " ")
    .replace(HANDLE, "$1 ")
    .replace(RESHARE, " ");
  return plain.split(NOT_WORD).filter((w) => w.length > 0);
}

/**
 * A short, stable key for a text's words (two 32-bit hashes of them, in hex), or null
 * when the text is too short to be told apart from others.
 */
export function textFingerprint(text: string): string | null {
  const words = fingerprintWords(text.length > 10_000 ? text.slice(0, 10_000) : text);
  if (words.length < FINGERPRINT_MIN_WORDS) return null;
  const joined = words.join(" ");
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ joined.length;
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** A stored post whose words a new one repeats. */
export interface EarlierText {
  platformId: string;
  authorId: string;
  postedAt: Date;
}

/**
 * Whether `later` (posted at `at`) repeats `earlier` within the window: the earlier post is its
 * original. A post is not its own original.
 */
export function repeats(earlier: EarlierText, platformId: string, at: Date): boolean {
  if (earlier.platformId === platformId) return false;
  const gap = at.getTime() - earlier.postedAt.getTime();
  return gap >= 0 && gap <= NEAR_DUPLICATE_WINDOW_MS;
}
