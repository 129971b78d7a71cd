/**
 * SLA policies: targets for the first response, each next response and the resolution, a
 * calendar they are counted in (or round the clock), and escalations. The first enabled policy,
 * in order, whose conditions all hold applies to a work item. Pure.
 */
import { TIERS, type Tier } from "../customer.ts";

export const SLA_FIELDS = ["queue", "platform", "channel", "priority", "tier"] as const;
export type SlaField = (typeof SLA_FIELDS)[number];

export type SlaCondition =
  /** The item's queue id, platform or channel is one of `values`. */
  | { field: "queue" | "platform" | "channel"; values: readonly string[] }
  /** The tier of the customer the item's author is confirmed as (one of `TIERS`); no customer, no match. */
  | { field: "tier"; values: readonly string[] }
  /** The item's priority (0..100) is within the band, bounds included. */
  | { field: "priority"; min: number; max: number };

export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const ESCALATION_ACTIONS = ["raise_priority", "notify", "move_queue"] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export interface Escalation {
  /** `at_risk`: at the warning time or when the queue's wait predicts a breach; `breached`: past due. */
  when: "at_risk" | "breached";
  action: EscalationAction;
  /** raise_priority: points added (capped at 100). */
  amount?: number;
  /** move_queue: the queue the item moves to. */
  queueId?: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: readonly SlaCondition[];
  /** Business milliseconds; null: no target of that kind. */
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  /** An item is at risk this long (wall time) before a due time. */
  warnBeforeMs: number;
  calendarId: string | null;
  escalations: readonly Escalation[];
}

/** What a policy's conditions read of a work item. */
export interface SlaFacts {
  queueId: string | null;
  platform: string;
  channel: string;
  priority: number;
  /** The tier of the customer the author is confirmed as, or null. */
  tier: Tier | null;
}

function holds(c: SlaCondition, facts: SlaFacts): boolean {
  if (c.field === "priority") return facts.priority >= c.min && facts.priority <= c.max;
  if (c.field === "tier") return facts.tier !== null && c.values.includes(facts.tier);
  const value = c.field === "queue" ? facts.queueId : c.field === "platform" ? facts.platform : facts.channel;
  if (value === null) return false;
  const wanted = c.field === "queue" ? value : value.toLowerCase();
  return c.values.some((v) => (c.field === "queue" ? v : v.toLowerCase()) === wanted);
}

export function choosePolicy<P extends SlaPolicy>(policies: readonly P[], facts: SlaFacts): P | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  return ordered.find((p) => p.enabled && p.conditions.every((c) => holds(c, facts))) ?? null;
}

/** What is wrong with a policy, or null. */
export function policyProblem(p: Omit<SlaPolicy, "id">): string | null {
  if (p.firstResponseMs === null && p.nextResponseMs === null && p.resolutionMs === null)
    return "A policy needs at least one target";
  for (const ms of [p.firstResponseMs, p.nextResponseMs, p.resolutionMs, p.warnBeforeMs]) {
    if (ms !== null && (!Number.isInteger(ms) || ms < 0))
      return "Targets are whole milliseconds, not negative";
  }
  for (const c of p.conditions) {
    if (c.field === "priority") {
      if (!(c.min <= c.max)) return "A priority band's minimum is above its maximum";
    } else if (c.values.length === 0) return `The ${c.field} condition lists no values`;
    else if (c.field === "tier" && c.values.some((v) => !(TIERS as readonly string[]).includes(v)))
      return `A tier is one of ${TIERS.join(", ")}`;
  }
  for (const e of p.escalations) {
    if (e.action === "move_queue" && !e.queueId) return "Moving to another queue needs the queue";
    if (e.action === "raise_priority" && !(e.amount !== undefined && e.amount > 0))
      return "Raising the priority needs a positive amount";
  }
  return null;
}
