/**
 * Training mixes drawn from the widened public sets: general and multilingual tweet sentiment,
 * irony and sarcasm, SMS spam and phishing, assistant requests. Brand posts alone teach a model
 * that every post is a complaint to an airline; these teach it what the rest of the world writes.
 * Pure: callers pass parsed rows already restricted to the split they may train on.
 */
import type { Row, TextExample } from "./corpus.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";

export interface WideSets {
  airline: Row[];
  complaints: Row[];
  banking: Row[];
  semeval: Row[];
  multilingual: Row[];
  irony: Row[];
  sarcasm: Row[];
  sms: Row[];
  clinc: Row[];
}

const SENTIMENT = new Set(["negative", "neutral", "positive"]);
const text = (r: Row) => r.text ?? "";

/** Up to `n` rows, the same ones for the same seed. */
export function sample<T>(rows: readonly T[], n: number, seed: number): T[] {
  return shuffleInPlace([...rows], seededRandom(seed)).slice(0, n);
}

/** Airline posts, general tweets and seven more languages, one 3-class sentiment set. */
export function wideSentimentExamples(s: WideSets): TextExample[] {
  return [
    ...s.airline.map((r) => ({ text: text(r), label: r.airline_sentiment ?? "" })),
    ...s.semeval.map((r) => ({ text: text(r), label: r.label ?? "" })),
    ...s.multilingual.map((r) => ({ text: text(r), label: r.label ?? "" })),
  ].filter((e) => SENTIMENT.has(e.label) && e.text !== "");
}

/**
 * Irony (hashtag-labelled) and intended sarcasm (author-labelled): "yes" or "no". Brand posts
 * join as "no" (a few are sarcastic, most are plain): without them the detector learns that an
 * angry post is an ironic one, and flags most complaints.
 */
export function sarcasmExamples(
  s: Pick<WideSets, "irony" | "sarcasm"> & Partial<Pick<WideSets, "airline" | "complaints">>,
  seed = 41,
): TextExample[] {
  const no = (rows: Row[] | undefined, n: number, k: number) =>
    sample(rows ?? [], n, seed + k).map((r) => ({ text: text(r), label: "no" }));
  return [
    ...s.irony.map((r) => ({ text: text(r), label: r.label === "irony" ? "yes" : "no" })),
    ...s.sarcasm.map((r) => ({ text: text(r), label: r.label === "sarcastic" ? "yes" : "no" })),
    ...no(s.airline, 1500, 0),
    ...no(s.complaints, 800, 1),
  ].filter((e) => e.text !== "");
}

/**
 * Posts that are not complaints though a brand-trained detector reads them as such: everyday
 * requests (assistant queries, banking questions), personal messages, and general tweets that
 * are not negative. They join the complaint set's own "no" rows.
 */
export function complaintNegatives(s: WideSets, seed = 21): TextExample[] {
  const no = (rows: Row[]) => rows.map((r) => ({ text: text(r), label: "no" }));
  return [
    ...sample(no(s.clinc), 1200, seed),
    ...sample(no(s.banking), 600, seed + 1),
    ...sample(no(s.sms.filter((r) => r.label === "ham")), 600, seed + 2),
    ...sample(no(s.semeval.filter((r) => r.label !== "negative")), 1200, seed + 3),
  ].filter((e) => e.text !== "");
}

/** Weak intent labels from the wide sets: spam and phishing, out-of-scope requests, requests. */
export function wideIntentExamples(s: WideSets, seed = 31): TextExample[] {
  return [
    ...sample(
      s.sms
        .filter((r) => r.label === "spam" || r.label === "smishing")
        .map((r) => ({ text: text(r), label: "spam" })),
      600,
      seed,
    ),
    ...sample(
      s.clinc.filter((r) => r.label === "oos").map((r) => ({ text: text(r), label: "other" })),
      150,
      seed + 1,
    ),
    ...sample(
      s.semeval.filter((r) => r.label === "neutral").map((r) => ({ text: text(r), label: "other" })),
      600,
      seed + 2,
    ),
    // Everyday requests of many kinds (travel, home, banking, small talk aside) are asks, not
    // complaints: without them a polite request sent privately reads as a grievance.
    ...sample(
      s.clinc
        .filter((r) => r.label !== "oos" && r.domain !== "small_talk")
        .map((r) => ({ text: text(r), label: "question" })),
      600,
      seed + 3,
    ),
  ].filter((e) => e.text !== "");
}
