/**
 * What each shipped model is trained on, shared by `npm run train` (train + validation rows),
 * scripts/tune.ts (train rows, scored on validation) and the eval's cross-domain table. Rows are
 * kept or dropped by the hash split of their text (src/analysis/hashSplit.ts), so the test rows
 * that `npm run eval` reports are never seen by a shipped model.
 */
import { complaintExamples, intentExamples, type Row } from "../src/analysis/corpus.ts";
import {
  complaintNegatives,
  sarcasmExamples,
  wideIntentExamples,
  wideSentimentExamples,
} from "../src/analysis/corpusWide.ts";
import { type SplitName, splitOf } from "../src/analysis/hashSplit.ts";
import type { LinearModel } from "../src/analysis/linear.ts";
import { trainComplaint, trainIntent, trainSarcasm, trainSentiment } from "../src/analysis/recipes.ts";
import type { DataSets } from "./data.ts";

/** Every set restricted to the rows whose text hashes into one of `splits`. */
export function restrict(sets: DataSets, splits: readonly SplitName[]): DataSets {
  const keep = (rows: Row[]) => rows.filter((r) => splits.includes(splitOf(r.text ?? "")));
  return Object.fromEntries(Object.entries(sets).map(([k, rows]) => [k, keep(rows)])) as unknown as DataSets;
}

export interface TrainedModels {
  sentiment: LinearModel;
  /** Brand posts only (airline): blended in for English posts addressed to or about a brand. */
  sentimentBrand: LinearModel;
  complaint: { model: LinearModel; threshold: number };
  intent: LinearModel;
  sarcasm: { model: LinearModel; threshold: number };
}

const thrice = <T>(rows: T[]) => [...rows, ...rows, ...rows];

export const mixes = {
  // Airline and multilingual rows count three times: brand posts are the product's own domain,
  // and each language has few rows beside the 35,000 English general tweets.
  sentiment: (s: DataSets) =>
    wideSentimentExamples({ ...s, airline: thrice(s.airline), multilingual: thrice(s.multilingual) }),
  sentimentBrand: (s: DataSets) => wideSentimentExamples({ ...s, semeval: [], multilingual: [] }),
  complaint: (s: DataSets) => [...complaintExamples(s.complaints), ...complaintNegatives(s)],
  intent: (s: DataSets) => [...intentExamples(s), ...wideIntentExamples(s)],
  sarcasm: (s: DataSets) => sarcasmExamples(s),
};

export function trainAll(sets: DataSets): TrainedModels {
  return {
    sentiment: trainSentiment(mixes.sentiment(sets)),
    sentimentBrand: trainSentiment(mixes.sentimentBrand(sets)),
    complaint: trainComplaint(mixes.complaint(sets)),
    intent: trainIntent(mixes.intent(sets)),
    sarcasm: trainSarcasm(mixes.sarcasm(sets)),
  };
}
