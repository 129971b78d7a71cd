/**
 * Turns the public labelled sets into training examples for the shipped models. Pure: callers
 * pass in parsed CSV rows, so the same recipes serve training and evaluation.
 */
import { INTENTS, type Intent } from "../domain/analysis.ts";
import { INTENT_SEEDS } from "./intentSeeds.ts";
import { MORE_INTENT_SEEDS } from "./intentSeedsMore.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";

export type Row = Record<string, string>;
export interface TextExample {
  text: string;
  label: string;
}

export const SENTIMENT_CLASSES = ["negative", "neutral", "positive"];
export const COMPLAINT_CLASSES = ["no", "yes"];

export function sentimentExamples(airline: Row[]): TextExample[] {
  return airline
    .filter((r) => SENTIMENT_CLASSES.includes(r.airline_sentiment ?? ""))
    .map((r) => ({ text: r.text ?? "", label: r.airline_sentiment! }));
}

export function complaintExamples(complaints: Row[]): TextExample[] {
  return complaints.map((r) => ({ text: r.text ?? "", label: r.is_complaint === "1" ? "yes" : "no" }));
}

/**
 * Intent examples: the hand-written seeds (repeated so they are not drowned) plus weak labels from
 * public data — banking queries as questions, airline thanks as praise, complaints as complaints,
 * random tweets as other.
 */
export function intentExamples(
  sets: { airline: Row[]; complaints: Row[]; banking: Row[] },
  seed = 11,
): TextExample[] {
  const rand = seededRandom(seed);
  const take = (rows: TextExample[], n: number) => shuffleInPlace([...rows], rand).slice(0, n);
  const out: TextExample[] = [];
  for (let i = 0; i < 6; i++) out.push(...INTENT_SEEDS, ...MORE_INTENT_SEEDS);
  out.push(
    ...take(
      sets.banking.map((r) => ({ text: r.text ?? "", label: "question" })),
      600,
    ),
  );
  out.push(
    ...take(
      sets.airline
        .filter((r) => r.airline_sentiment === "positive" && !/\?/.test(r.text ?? ""))
        .map((r) => ({ text: r.text ?? "", label: "praise" })),
      600,
    ),
  );
  out.push(
    ...take(
      sets.complaints
        .filter((r) => r.is_complaint === "1")
        .map((r) => ({ text: r.text ?? "", label: "complaint" })),
      600,
    ),
  );
  out.push(
    ...take(
      sets.complaints
        .filter((r) => r.domain?.startsWith("random") && r.is_complaint === "0")
        .map((r) => ({ text: r.text ?? "", label: "other" })),
      600,
    ),
  );
  return out.filter((e) => (INTENTS as readonly string[]).includes(e.label as Intent));
}
