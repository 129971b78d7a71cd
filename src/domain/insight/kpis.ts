/**
 * Care KPIs from work items: how fast the brand first answers and resolves, what waits and for
 * how long, who handled what, and the share of posts needing the brand that got an answer.
 * SLA met % comes from the SLA outcomes (items under a policy decided in the period) and the
 * survey score from the answers rated in it; each is null when the period has none.
 */

export interface ItemTiming {
  state: string;
  createdAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
}

export interface Durations {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface CareKpis {
  opened: number;
  firstResponse: Durations;
  resolution: Durations;
  /** Answered items over items that needed the brand (discarded ones did not). */
  responseRate: number | null;
  backlog: { open: number; oldestAgeMs: number | null; medianAgeMs: number | null };
  handledPerAgent: { userId: string; name: string; handled: number }[];
  /** Share of the decided items under an SLA policy that met it; null when none was decided. */
  slaMetRate: number | null;
  /** The mean survey rating (1 to 5) of the answers in the period; null when none came. */
  surveyScore: number | null;
}

/** The value at quantile q of sorted numbers, by nearest rank. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

function durations(values: number[]): Durations {
  values.sort((a, b) => a - b);
  return { count: values.length, medianMs: quantile(values, 0.5), p90Ms: quantile(values, 0.9) };
}

export function careKpis(
  created: readonly ItemTiming[],
  openCreatedAt: readonly Date[],
  handledPerAgent: { userId: string; name: string; handled: number }[],
  now: Date,
  slaOutcomes: readonly { breached: boolean }[] = [],
  surveyRatings: readonly number[] = [],
): CareKpis {
  const needing = created.filter((i) => i.state !== "discarded");
  // A reply stamped with the platform's clock can precede the item's own stamp by the clocks'
  // skew: such a wait counts as none, never as negative.
  const firstResponses = needing
    .filter((i) => i.firstResponseAt)
    .map((i) => Math.max(0, (i.firstResponseAt as Date).getTime() - i.createdAt.getTime()));
  const resolutions = needing
    .filter((i) => i.state === "handled" && i.closedAt)
    .map((i) => Math.max(0, (i.closedAt as Date).getTime() - i.createdAt.getTime()));
  const ages = openCreatedAt.map((d) => now.getTime() - d.getTime()).sort((a, b) => a - b);
  return {
    opened: created.length,
    firstResponse: durations(firstResponses),
    resolution: durations(resolutions),
    responseRate: needing.length === 0 ? null : firstResponses.length / needing.length,
    backlog: { open: ages.length, oldestAgeMs: ages.at(-1) ?? null, medianAgeMs: quantile(ages, 0.5) },
    handledPerAgent: [...handledPerAgent].sort(
      (a, b) => b.handled - a.handled || a.name.localeCompare(b.name),
    ),
    slaMetRate: slaOutcomes.length
      ? slaOutcomes.filter((o) => !o.breached).length / slaOutcomes.length
      : null,
    surveyScore: surveyRatings.length
      ? surveyRatings.reduce((a, b) => a + b, 0) / surveyRatings.length
      : null,
  };
}
