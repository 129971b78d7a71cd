/** Names the words that pushed a linear model towards a class, for one-line explanations. */
import type { Featurized } from "./features.ts";
import type { LinearModel } from "./linear.ts";

export function topWords(f: Featurized, model: LinearModel, classIndex: number, n = 3): string[] {
  const k = model.classes.length;
  const scored: [string, number][] = [];
  const seen = new Set<string>();
  for (let t = 0; t < f.tokens.length && t < 200; t++) {
    const tok = f.tokens[t]!;
    if (seen.has(tok) || tok.startsWith("x") && /^x(user|url|num|email)$/.test(tok)) continue;
    seen.add(tok);
    const b = f.tokenBuckets[t]!;
    let mean = 0;
    for (let c = 0; c < k; c++) mean += model.weightOf(b, c);
    const s = model.weightOf(b, classIndex) - mean / k;
    if (s > 0) scored.push([tok.startsWith("!") ? `not ${tok.slice(1)}` : tok, s]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([w]) => w);
}

export function quoteWords(words: string[]): string {
  return words.length ? words.map((w) => `"${w}"`).join(", ") : "no single decisive word";
}
