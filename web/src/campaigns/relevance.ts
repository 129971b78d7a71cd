import type { RelevanceView } from "../api/types.ts";
import { percent } from "../format/numbers.ts";

/**
 * Below this many decisions a precision or recall is mostly noise (one resolve gives "100%"). The
 * server reports them as soon as they are defined, so the page holds them back itself.
 */
export const MIN_DECISIONS = 20;

export function isLearning(relevance: RelevanceView): boolean {
  return relevance.decisions < MIN_DECISIONS || relevance.precision === null || relevance.recall === null;
}

/** The relevance filter in one line: "learning" rather than a shaky number while it is new. */
export function relevanceSummary(relevance: RelevanceView): string {
  const decisions = `${relevance.decisions} ${relevance.decisions === 1 ? "decision" : "decisions"}`;
  if (isLearning(relevance) || relevance.precision === null || relevance.recall === null) {
    return `learning — ${decisions}`;
  }
  return `precision ${percent(relevance.precision)} · recall ${percent(relevance.recall)} · ${decisions}`;
}
