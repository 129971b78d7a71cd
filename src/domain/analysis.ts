/** What the analyzer says about a post. Every label carries a confidence and a one-line explanation. */

export const DIRECTIONS = ["to_brand", "about_brand", "from_brand", "unrelated"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const INTENTS = [
  "complaint",
  "question",
  "praise",
  "purchase_intent",
  "feedback",
  "spam",
  "other",
] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ["negative", "neutral", "positive"] as const;
export type SentimentLabel = (typeof SENTIMENTS)[number];

export const URGENCIES = ["low", "normal", "high", "critical"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const PII_KINDS = ["email", "phone", "card", "account"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiFinding {
  kind: PiiKind;
  /** UTF-16 offsets into the post text: [start, end). */
  start: number;
  end: number;
}

export interface Labelled<L> {
  label: L;
  confidence: number;
  explanation: string;
}

export interface Analysis {
  /** ISO 639-1, or "und" when it cannot be told. */
  language: string;
  direction: Labelled<Direction>;
  intent: Labelled<Intent> & { scores: Record<Intent, number> };
  /** score in [-1, 1]. */
  sentiment: Labelled<SentimentLabel> & { score: number };
  /**
   * Whether the post says the opposite of its words; confidence is that of the flag's value.
   * A sarcastic post's sentiment and intent are read accordingly. Absent in analyses stored
   * before the sarcasm model shipped.
   */
  sarcasm?: { flag: boolean; confidence: number; explanation: string };
  /** label is null when the workspace has no taxonomy or nothing fits. */
  topic: Labelled<string | null>;
  urgency: { level: Urgency; confidence: number; explanation: string };
  /** 0..1: the author's reach and the post's. */
  influence: { score: number; explanation: string };
  pii: PiiFinding[];
  /** 0..100, higher first. */
  priority: number;
  /** Whether the post needs the brand: it becomes a work item. */
  needsBrand: boolean;
  /** One line that says why, for the agent. */
  explanation: string;
  /** Version of the models that produced this, so later re-analysis can tell. */
  modelVersion: string;
}

/** What the analyzer reads: a post plus the structure around it. */
export interface AnalysisInput {
  text: string;
  platform?: string;
  author?: { handle?: string; followers?: number; verified?: boolean; isBrand?: boolean };
  /** Handle of the author this post replies to. */
  replyToHandle?: string;
  /** Handle of the author of the post this one quotes (a quote post). */
  quotesHandle?: string;
  /** The brand's own handles (lower-case, no @). */
  brandHandles: string[];
  /**
   * The brand's names as people write them ("Lumen Mobile"). A name of two or more words in a
   * post makes it about the brand; a single word (or a handle's stem such as "lumen") counts only
   * with something brand-like around it, since such words often mean something else.
   */
  brandNames?: string[];
  channel?: "public" | "private";
  /** Engagement on the post so far, when the platform reports it. */
  reposts?: number;
  likes?: number;
  /** Minutes the post has waited; feeds priority. */
  ageMinutes?: number;
  /** 0..1 value of the linked customer (from the CRM), when known; feeds priority. */
  customerValue?: number;
}

export interface Analyzer {
  readonly version: string;
  analyze(input: AnalysisInput): Analysis;
}
