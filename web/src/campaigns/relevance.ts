import { RELEVANCE_MIN_DECISIONS } from "../../../src/domain/relevance.ts";
import type { RelevanceView } from "../api/types.ts";
import { percent } from "../format/numbers.ts";

/**
 * Below this many decisions a precision or recall is mostly noise (one resolve gives "100%"), and
 * the server does not yet let the filter hold posts back: the page shows "learning" until then.
 */
export const MIN_DECISIONS = RELEVANCE_MIN_DECISIONS;

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
