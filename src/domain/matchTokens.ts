/**
 * The tokenizer shared by campaign queries and the posts they are matched against. Both sides must
 * split text the same way, or a query term like `wi-fi` could never meet the post text "Wi-Fi".
 * There is one scanner: the matcher reads its output as offsets and hashes (no string per word),
 * and `tokenizeForMatch` cuts the same offsets into strings for everything else.
 */
import { HASH_SEED, hashRange, hashStep } from "./keyTable.ts";

/** Characters a prefix query (`refund*`) needs before the star, and the length of its index key. */
export const MIN_PREFIX_LENGTH = 3;

export interface MatchTokens {
  /** Lower-cased words in text order; hashtag and handle bodies are split into words here too. */
  words: string[];
  /** Hashtags and handles with their sigil (`#tag`, `@handle`), lower-cased, in text order. */
  tags: string[];
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
  if (c < 128) return CLASS[c] === 1;
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

/**
 * One post's tokens as offsets into its lower-cased text, reused from post to post. Each word also
 * carries its hash and the hash of its first MIN_PREFIX_LENGTH characters (its prefix key), both
 * computed as the characters are read, so lookups need no string.
 */
export class TokenBuffer {
  /** The lower-cased text the offsets point into. */
  text = "";
  wordCount = 0;
  wordStart: Int32Array<ArrayBuffer> = new Int32Array(64);
  wordEnd = new Int32Array(64);
  wordHash = new Int32Array(64);
  /** Hash of the word's first MIN_PREFIX_LENGTH characters; meaningless for shorter words. */
  wordHead = new Int32Array(64);
  /** Hashtags and handles, sigil included. */
  tagCount = 0;
  tagStart = new Int32Array(8);
  tagEnd = new Int32Array(8);
  tagHash = new Int32Array(8);

  growWords(): void {
    const n = this.wordStart.length * 2;
    this.wordStart = grown(this.wordStart, n);
    this.wordEnd = grown(this.wordEnd, n);
    this.wordHash = grown(this.wordHash, n);
    this.wordHead = grown(this.wordHead, n);
  }

  growTags(): void {
    const n = this.tagStart.length * 2;
    this.tagStart = grown(this.tagStart, n);
    this.tagEnd = grown(this.tagEnd, n);
    this.tagHash = grown(this.tagHash, n);
  }

  word(i: number): string {
    return this.text.slice(this.wordStart[i], this.wordEnd[i]);
  }

  tag(i: number): string {
    return this.text.slice(this.tagStart[i], this.tagEnd[i]);
  }
}

function grown(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/**
 * Splits text into lower-cased words, hashtags (`#tag`) and handles (`@handle`), in one pass over
 * its character codes. The whole text is lower-cased first, not character by character: a few
 * letters lower-case differently in context (final sigma) or into two code units (İ).
 */
export function scanTokens(input: string, out: TokenBuffer): void {
  const text = input.toLowerCase();
  out.text = text;
  let words = 0;
  let tags = 0;
  const n = text.length;
  let i = 0;
  let prevWord = false;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (isWordCode(c)) {
      const start = i;
      let hash = HASH_SEED;
      let head = 0;
      for (;;) {
        hash = hashStep(hash, c);
        i++;
        if (i - start === MIN_PREFIX_LENGTH) head = hash;
        if (i === n) break;
        c = text.charCodeAt(i);
        if (!isWordCode(c)) break;
      }
      if (words === out.wordStart.length) out.growWords();
      out.wordStart[words] = start;
      out.wordEnd[words] = i;
      out.wordHash[words] = hash;
      out.wordHead[words] = head;
      words++;
      prevWord = true;
      continue;
    }
    // `a@b` and `x#1` are parts of addresses or codes, not handles or hashtags.
    if (!prevWord && (c === AT || c === HASH) && i + 1 < n) {
      const end = c === AT ? handleEnd(text, i + 1) : hashtagEnd(text, i + 1);
      if (end > i + 1) {
        if (tags === out.tagStart.length) out.growTags();
        out.tagStart[tags] = i;
        out.tagEnd[tags] = end;
        out.tagHash[tags] = hashRange(text, i, end);
        tags++;
      }
    }
    prevWord = false;
    i++;
  }
  out.wordCount = words;
  out.tagCount = tags;
}

const shared = new TokenBuffer();

/** The scanner's tokens as strings, for queries, previews and tests; the matcher reads offsets. */
export function tokenizeForMatch(input: string): MatchTokens {
  scanTokens(input, shared);
  const words: string[] = [];
  const tags: string[] = [];
  for (let i = 0; i < shared.wordCount; i++) words.push(shared.word(i));
  for (let i = 0; i < shared.tagCount; i++) tags.push(shared.tag(i));
  return { words, tags };
}

/** The words of a fragment of query text, split exactly as post text is. */
export function splitWords(input: string): string[] {
  return tokenizeForMatch(input).words;
}
