import type { RelevanceView } from "../api/types.ts";
import { percent } from "../format/numbers.ts";

/**
 * The relevance filter in one line. The server withholds precision and recall (null) until it has
 * seen enough decisions to mean something, and the page says "learning" rather than a shaky number.
 */
export function relevanceSummary(relevance: RelevanceView): string {
  const decisions = `${relevance.decisions} ${relevance.decisions === 1 ? "decision" : "decisions"}`;
  if (relevance.precision === null || relevance.recall === null) return `learning — ${decisions}`;
  return `precision ${percent(relevance.precision)} · recall ${percent(relevance.recall)} · ${decisions}`;
}
