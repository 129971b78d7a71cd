/** What each language gives the demo generator: templates per intent, and its own slot values. */
import type { Intent } from "../../../domain/analysis.ts";

/** The demo writes posts of every intent the analyzer knows. */
export type DemoIntent = Intent;

/** The feeling a post is written with: its emoji and closing words must agree with it. */
export type Mood = "negative" | "positive" | "neutral";

export interface LanguagePack {
  language: string;
  /**
   * `{slot}` placeholders: {to} an @ of a brand account, {brand} a way of naming the brand,
   * {plan} {device} {n} {amount} {hours} {tag} {emoji} are shared ({n} and {hours} are 2 or more, so
   * plurals agree; {emoji} follows the post's mood); the rest (city, problem…) come from `slots`.
   */
  templates: Record<DemoIntent, readonly string[]>;
  slots: Record<string, readonly string[]>;
  /**
   * Replies from the brand's support account, addressed with {user}: help for complaints and
   * questions, thanks for praise and feedback, an offer for purchase intent.
   */
  replies: { help: readonly string[]; thanks: readonly string[]; sales: readonly string[] };
  /** Follow-ups of the customer who keeps posting about the same unresolved problem. */
  angry: readonly string[];
  /** Closing words some posts end with, by mood ("Fix it." after a complaint). */
  tails: Record<Mood, readonly string[]>;
}
