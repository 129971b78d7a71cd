/** What each language gives the demo generator: templates per intent, and its own slot values. */
export const DEMO_INTENTS = [
  "complaint",
  "question",
  "praise",
  "purchase_intent",
  "feedback",
  "spam",
  "other",
] as const;
export type DemoIntent = (typeof DEMO_INTENTS)[number];

export interface LanguagePack {
  language: string;
  /**
   * `{slot}` placeholders: {to} an @ of a brand account, {brand} a way of naming the brand,
   * {plan} {device} {n} {amount} {hours} {tag} {emoji} are shared; the rest (city, problem…) come from `slots`.
   */
  templates: Record<DemoIntent, readonly string[]>;
  slots: Record<string, readonly string[]>;
  /** Replies from the brand's support account, addressed with {user}. */
  replies: readonly string[];
  /** Follow-ups of the customer who keeps posting about the same unresolved problem. */
  angry: readonly string[];
}
