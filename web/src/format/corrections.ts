/**
 * The labels to show in lists: an agent's correction wins over the model, since it is what the
 * team has agreed the post is. The conversation view shows both; a list row has room for one.
 */
import { INTENTS, type Intent, SENTIMENTS, type SentimentLabel } from "../../../src/domain/analysis.ts";
import type { PostView } from "../api/types.ts";

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return (allowed as readonly string[]).includes(value ?? "") ? (value as T) : undefined;
}

export function shownIntent(post: PostView): Intent | null {
  return oneOf(INTENTS, post.correction?.intent) ?? post.analysis?.intent.label ?? null;
}

export function shownSentiment(post: PostView): SentimentLabel | null {
  return oneOf(SENTIMENTS, post.correction?.sentiment) ?? post.analysis?.sentiment.label ?? null;
}
