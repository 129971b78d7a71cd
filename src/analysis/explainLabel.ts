import { quoteWords, topWords, type WeightHead } from "./explain.ts";
import type { Featurized } from "./features.ts";

/** "complaint: "delayed", "refund"" — the label with the words that favoured it. */
export function explainLabel(f: Featurized, head: WeightHead, classIndex: number, label: string): string {
  return `${label}: ${quoteWords(topWords(f, head, classIndex))}`;
}
