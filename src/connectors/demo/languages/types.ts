/** What each language gives the demo generator: templates per intent, and its own slot values. */
import type { Intent } from "../../../domain/analysis.ts";

/** The demo writes posts of every intent the analyzer knows. */
export type DemoIntent = Intent;

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
