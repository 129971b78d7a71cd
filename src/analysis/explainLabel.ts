import { quoteWords, topWords } from "./explain.ts";
import type { Featurized } from "./features.ts";
import type { LinearModel } from "./linear.ts";

/** "complaint: "delayed", "refund"" — the label with the words that favoured it. */
export function explainLabel(f: Featurized, model: LinearModel, classIndex: number, label: string): string {
  return `${label}: ${quoteWords(topWords(f, model, classIndex))}`;
}
