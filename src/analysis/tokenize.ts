/**
 * Word tokenizer for model features and explanations. Keeps emoji and ! ? as tokens (they carry
 * sentiment and intent), marks words after a negation so "not good" differs from "good".
 */

const TOKEN = /[\p{L}\p{M}\p{N}_]+(?:'[\p{L}]+)?|[!?]|\p{Extended_Pictographic}/gu;
const NEGATORS = new Set(["not", "no", "never", "nothing", "nobody", "cannot", "cant", "dont", "didnt", "wont", "isnt", "wasnt", "aint", "doesnt"]);
const CLAUSE_END = new Set(["!", "?", "but"]);

export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(TOKEN)) out.push(m[0]);
  return out;
}

function isNegator(tok: string): boolean {
  return NEGATORS.has(tok) || tok.endsWith("n't");
}

/** Adds a "!" prefix to the up-to-three words after a negation; stops at clause ends. */
export function markNegation(tokens: string[]): string[] {
  const out = new Array<string>(tokens.length);
  let left = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (CLAUSE_END.has(tok)) left = 0;
    out[i] = left > 0 ? `!${tok}` : tok;
    if (left > 0) left--;
    if (isNegator(tok)) left = 3;
  }
  return out;
}
