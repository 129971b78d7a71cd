import { quoteWords, topWords, type WeightHead } from "./explain.ts";
import type { Featurized } from "./features.ts";

/** "complaint: "delayed", "refund"" — the label with the words that favoured it. */
export function explainLabel(f: Featurized, head: WeightHead, classIndex: number, label: string): string {
  return `${label}: ${quoteWords(topWords(f, head, classIndex))}`;
}

/**
 * Why the primary intent won, naming the deciding cue first: the brand as author, a sarcastic
 * reading, an urgency signal behind a complaint, a cue phrase; only then the model's words.
 */
export function explainIntent(
  intent: string,
  why: {
    fromBrand: boolean;
    /** What the post would be had it been addressed to the brand; set when it is not. */
    elsewhere?: string;
    sarcastic: boolean;
    cue?: string;
    signal?: { name: string; match: string };
    words: () => string;
  },
): string {
  if (why.fromBrand) return `${intent}: the brand's own post`;
  if (why.elsewhere)
    return `${intent}: a ${why.elsewhere.replace("_", " ")} not addressed to or about the brand`;
  if (intent === "complaint" && why.sarcastic)
    return `complaint: sarcastic praise${why.cue ? ` of "${why.cue}"` : ""}`;
  if (intent === "complaint" && why.signal) return `complaint: ${why.signal.name} ("${why.signal.match}")`;
  if (why.cue) return `${intent}: "${why.cue}"`;
  return why.words();
}
