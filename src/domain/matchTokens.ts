/**
 * The tokenizer shared by campaign queries and the posts they are matched against. Both sides must
 * split text the same way, or a query term like `wi-fi` could never meet the post text "Wi-Fi".
 */

export interface MatchTokens {
  /** Lower-cased words in text order; hashtag and handle bodies are split into words here too. */
  words: string[];
  /** Every word plus `#tag` and `@handle` keys, for O(1) presence checks. */
  keys: Set<string>;
}

// 0 = not yet classified, 1 = word character, 2 = separator. Lazily filled so only the BMP
// characters a workspace actually sees pay for the Unicode regex test, once each.
const CLASS = new Uint8Array(65536);
const UNICODE_WORD = /[\p{L}\p{N}\p{M}]/u;

for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* _ */
  CLASS[c] = word ? 1 : 2;
}

function isWordCode(c: number): boolean {
  let k = CLASS[c]!;
  if (k === 0) {
    // Surrogate halves are classified as separators: astral letters are rare in posts and emoji,
    // which live there, must not glue words together.
    k = c >= 0xd800 && c <= 0xdfff ? 2 : UNICODE_WORD.test(String.fromCharCode(c)) ? 1 : 2;
    CLASS[c] = k;
  }
  return k === 1;
}

const AT = 64;
const HASH = 35;
const DOT = 46;
const DASH = 45;

function isHandleCode(c: number): boolean {
  return c < 128 && (CLASS[c] === 1 || c === DOT || c === DASH);
}

/** End (exclusive) of a handle starting at `start`, with trailing `.`/`-` dropped as punctuation. */
function handleEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isHandleCode(text.charCodeAt(end))) end++;
  while (end > start) {
    const last = text.charCodeAt(end - 1);
    if (last !== DOT && last !== DASH) break;
    end--;
  }
  return end;
}

function hashtagEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
  return end;
}

/** Splits text into lower-cased words, hashtags (`#tag`) and handles (`@handle`). */
export function tokenizeForMatch(input: string): MatchTokens {
  const text = input.toLowerCase();
  const words: string[] = [];
  const keys = new Set<string>();
  const n = text.length;
  let i = 0;
  let prevWord = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordCode(c)) {
      const start = i;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      const w = text.slice(start, i);
      words.push(w);
      keys.add(w);
      prevWord = true;
      continue;
    }
    // `a@b` and `x#1` are parts of addresses or codes, not handles or hashtags.
    if (!prevWord && (c === AT || c === HASH) && i + 1 < n) {
      const end = c === AT ? handleEnd(text, i + 1) : hashtagEnd(text, i + 1);
      if (end > i + 1) keys.add(text.slice(i, end));
    }
    prevWord = false;
    i++;
  }
  return { words, keys };
}

/** The words of a fragment of query text, split exactly as post text is. */
export function splitWords(input: string): string[] {
  return tokenizeForMatch(input).words;
}
