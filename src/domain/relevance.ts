/** Decisions a campaign's relevance filter must have learnt before it may hold posts back. */
export const RELEVANCE_MIN_DECISIONS = 30;
