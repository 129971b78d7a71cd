/** Names the words that pushed a linear model towards a class, for one-line explanations. */
import type { Featurized } from "./features.ts";
import type { LinearModel } from "./linear.ts";

/** Words too common to explain anything, and the placeholders of masked handles, links and numbers. */
const STOP = new Set(
  "the a an and or of to in on at for is are was were be been it its this that i me my we our you your he she they them their with as by from so if do did does have has had just xuser xurl xnum xemail".split(
    " ",
  ),
);

export function topWords(f: Featurized, model: LinearModel, classIndex: number, n = 3): string[] {
  const k = model.classes.length;
  const scored: [string, number][] = [];
  const seen = new Set<string>();
  for (let t = 0; t < f.tokens.length && t < 200; t++) {
    const tok = f.tokens[t]!;
    if (seen.has(tok) || STOP.has(tok) || tok.length < 2) continue;
    seen.add(tok);
    const b = f.tokenBuckets[t]!;
    let mean = 0;
    for (let c = 0; c < k; c++) mean += model.weightOf(b, c);
    const s = model.weightOf(b, classIndex) - mean / k;
    if (s > 0) scored.push([tok.startsWith("neg_") ? `not ${tok.slice(4)}` : tok, s]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([w]) => w);
}

export function quoteWords(words: string[]): string {
  return words.length ? words.map((w) => `"${w}"`).join(", ") : "no single decisive word";
}
