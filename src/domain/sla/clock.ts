/**
 * SLA clocks of one work item, replayed from what happened to it: opened, the brand replied, the
 * customer posted again, closed, reopened. Replaying (instead of updating a running state) keeps
 * the result independent of the order the facts arrive in and lets a changed policy or calendar
 * be applied to an item's whole history. Pure: time is an argument.
 *
 * - first response: from the opening to the brand's first reply;
 * - next response: from each customer post after a brand reply to the brand's next reply;
 * - resolution: from the opening to the close, paused while the brand waits on the customer
 *   (after a brand reply, until the customer answers).
 *
 * While the item is handed off to an external contact center every running clock pauses with the
 * business time it had left, and resumes with it if the item comes back; what the external center
 * does meanwhile (replies, the customer's posts to it) is its own to measure.
 */
import type { BusinessCalendar } from "./calendar.ts";
import type { SlaTarget } from "./policy.ts";

export const SLA_FACT_KINDS = [
  "opened",
  "brand_replied",
  "customer_posted",
  "closed",
  "reopened",
  "handed_off",
  "handed_back",
] as const;
export type SlaFactKind = (typeof SLA_FACT_KINDS)[number];

export interface SlaFact {
  kind: SlaFactKind;
  at: number;
  /** What the fact came from (an event or a post): the same fact is recorded once. */
  key: string;
}

export interface SlaTargets {
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  warnBeforeMs: number;
}

export interface TargetClock {
  target: SlaTarget;
  /** Next responses are numbered from 1; the other targets have round 0. */
  round: number;
  startedAt: number;
  /** When the target falls due; for a paused resolution, null. */
  dueAt: number | null;
  /** When it was met (or the item closed); null while it runs. */
  stoppedAt: number | null;
  paused: boolean;
  /** Business time left (negative once past due). */
  remainingMs: number;
  breached: boolean;
}

export interface SlaClockState {
  status: "running" | "paused" | "stopped";
  clocks: TargetClock[];
  breached: boolean;
  /** The soonest due time of a running target, and which. */
  dueAt: number | null;
  dueTarget: SlaTarget | null;
  /** When the soonest running target becomes at risk (its due time less the warning). */
  warnAt: number | null;
}

const ORDER: Record<SlaFactKind, number> = {
  opened: 0,
  customer_posted: 1,
  reopened: 1,
  handed_back: 1,
  brand_replied: 2,
  handed_off: 3,
  closed: 3,
};

/** Adds a fact unless one with its key is there; kept in time order. */
export function withFact(facts: readonly SlaFact[], fact: SlaFact): SlaFact[] {
  if (facts.some((f) => f.key === fact.key)) return [...facts];
  return [...facts, fact].sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind]);
}

export function replay(
  facts: readonly SlaFact[],
  targets: SlaTargets,
  cal: BusinessCalendar,
  now: number,
): SlaClockState {
  const sorted = [...facts].sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind]);
  const clocks: TargetClock[] = [];
  let opened = false;
  let closed = false;
  let awaiting: "brand" | "customer" = "brand";
  let firstResponded = false;
  let round = 0;
  let resolution: TargetClock | null = null;
  let usedMs = 0;
  let since: number | null = null;
  // The clocks a hand-off paused, to resume when the item comes back; null while it is here.
  let away: TargetClock[] | null = null;
  // Business time a clock was already overdue by when it resumed, with its due time set to the
  // resumption: its lateness counts on from there.
  const carried = new Map<TargetClock, number>();
  const late = (c: TargetClock) => carried.get(c) ?? 0;

  const start = (target: SlaTarget, r: number, at: number, ms: number): TargetClock => {
    const clock: TargetClock = {
      target,
      round: r,
      startedAt: at,
      dueAt: cal.addBusinessTime(at, ms),
      stoppedAt: null,
      paused: false,
      remainingMs: ms,
      breached: false,
    };
    clocks.push(clock);
    return clock;
  };
  const stop = (clock: TargetClock, at: number) => {
    clock.stoppedAt = at;
    clock.breached = clock.dueAt !== null && at > clock.dueAt;
    clock.remainingMs =
      clock.dueAt === null ? clock.remainingMs : -cal.businessTimeBetween(clock.dueAt, at) - late(clock);
  };
  const running = (target: SlaTarget) => clocks.find((c) => c.target === target && c.stoppedAt === null);
  const pauseResolution = (at: number) => {
    if (!resolution || since === null) return;
    usedMs += cal.businessTimeBetween(since, at);
    since = null;
    resolution.paused = true;
    resolution.dueAt = null;
    resolution.remainingMs = (targets.resolutionMs ?? 0) - usedMs;
    if (resolution.remainingMs < 0) resolution.breached = true;
  };
  const resumeResolution = (at: number) => {
    if (!resolution || since !== null) return;
    since = at;
    resolution.paused = false;
    const left = (targets.resolutionMs ?? 0) - usedMs;
    resolution.dueAt = left >= 0 ? cal.addBusinessTime(at, left) : at;
    resolution.remainingMs = left;
    carried.set(resolution, Math.max(0, -left));
  };

  /** Pauses a running response clock, keeping the business time it has left. */
  const holdResponse = (clock: TargetClock, at: number) => {
    if (clock.dueAt === null) return;
    clock.remainingMs =
      clock.dueAt >= at && late(clock) === 0
        ? cal.businessTimeBetween(at, clock.dueAt)
        : -cal.businessTimeBetween(clock.dueAt, at);
    if (clock.remainingMs < 0 || at > clock.dueAt) clock.breached = true;
    clock.paused = true;
    clock.dueAt = null;
  };
  const releaseResponse = (clock: TargetClock, at: number) => {
    clock.paused = false;
    clock.dueAt = clock.remainingMs >= 0 ? cal.addBusinessTime(at, clock.remainingMs) : at;
    carried.set(clock, Math.max(0, -clock.remainingMs));
  };

  for (const fact of sorted) {
    const at = fact.at;
    if (fact.kind === "opened") {
      if (opened) continue;
      opened = true;
      if (targets.firstResponseMs !== null) start("first_response", 0, at, targets.firstResponseMs);
      if (targets.resolutionMs !== null) {
        resolution = start("resolution", 0, at, targets.resolutionMs);
        since = at;
      }
      continue;
    }
    if (!opened) continue;
    if (fact.kind === "handed_off") {
      if (closed || away) continue;
      away = [];
      for (const c of clocks) {
        if (c.stoppedAt !== null || c.paused) continue;
        if (c === resolution) pauseResolution(at);
        else holdResponse(c, at);
        away.push(c);
      }
      continue;
    }
    // An item handed off before hand-offs paused the clocks was closed by it: its return reopens.
    const kind = fact.kind === "handed_back" && !away && closed ? "reopened" : fact.kind;
    if (kind === "handed_back") {
      if (closed || !away) continue;
      for (const c of away) {
        if (c === resolution) resumeResolution(at);
        else releaseResponse(c, at);
      }
      away = null;
      continue;
    }
    if (fact.kind === "closed") {
      if (closed) continue;
      closed = true;
      for (const c of clocks) {
        if (c.stoppedAt !== null) continue;
        if (c === resolution) {
          if (since !== null) pauseResolution(at);
          c.paused = false;
          c.stoppedAt = at;
          c.breached = c.remainingMs < 0;
        } else if (c.paused) {
          // Closed while handed off: it stops with what it had left when it went.
          c.paused = false;
          c.stoppedAt = at;
        } else stop(c, at);
      }
      away = null;
      continue;
    }
    // The external center answers for what happens while the item is with it.
    if (away) continue;
    if (kind === "reopened") {
      if (!closed) continue;
      closed = false;
      awaiting = "customer";
      if (resolution) resolution.stoppedAt = null;
    }
    if (closed) continue;
    if (fact.kind === "brand_replied") {
      const first = running("first_response");
      if (!firstResponded) {
        firstResponded = true;
        if (first) stop(first, at);
      } else {
        const next = running("next_response");
        if (next) stop(next, at);
      }
      if (awaiting === "brand") {
        awaiting = "customer";
        pauseResolution(at);
      }
      continue;
    }
    // The customer wrote (or the item was reopened): the brand owes an answer again.
    if (awaiting === "customer") {
      awaiting = "brand";
      if (firstResponded && targets.nextResponseMs !== null) {
        round += 1;
        start("next_response", round, at, targets.nextResponseMs);
      }
      resumeResolution(at);
    }
  }

  // Running clocks: business time left now, breached once past due.
  for (const c of clocks) {
    if (c.stoppedAt !== null || c.paused || c.dueAt === null) continue;
    c.remainingMs =
      c.dueAt >= now && late(c) === 0
        ? cal.businessTimeBetween(now, c.dueAt)
        : -cal.businessTimeBetween(c.dueAt, now) - late(c);
    if (now > c.dueAt || late(c) > 0) c.breached = true;
  }
  const live = clocks.filter((c) => c.stoppedAt === null && !c.paused && c.dueAt !== null);
  const soonest = live.filter((c) => !c.breached).sort((a, b) => a.dueAt! - b.dueAt!)[0] ?? null;
  const overdue = live.filter((c) => c.breached).sort((a, b) => a.dueAt! - b.dueAt!)[0] ?? null;
  const shown = overdue ?? soonest;
  const status = !opened || closed ? "stopped" : live.length ? "running" : "paused";
  return {
    status,
    clocks,
    breached: clocks.some((c) => c.breached),
    dueAt: shown?.dueAt ?? null,
    dueTarget: shown?.target ?? null,
    warnAt: soonest ? soonest.dueAt! - targets.warnBeforeMs : null,
  };
}

export type SlaState = "on_time" | "at_risk" | "breached";

/**
 * How the item stands: breached once any target was missed; at risk from the warning time, or
 * while it waits in a queue whose estimated wait would carry it past its due time.
 */
export function slaStanding(
  clock: SlaClockState,
  now: number,
  waitingInQueue: boolean,
  estimatedWaitMs: number | null,
): SlaState {
  if (clock.breached) return "breached";
  if (clock.status !== "running" || clock.dueAt === null) return "on_time";
  if (clock.warnAt !== null && now >= clock.warnAt) return "at_risk";
  if (waitingInQueue && estimatedWaitMs !== null && now + estimatedWaitMs > clock.dueAt) return "at_risk";
  return "on_time";
}

/** A threshold a running target crossed: escalations fire once for each. */
export interface Crossing {
  key: string;
  when: "at_risk" | "breached";
  target: SlaTarget;
}

export function crossings(
  clock: SlaClockState,
  targets: SlaTargets,
  now: number,
  waitingInQueue: boolean,
  estimatedWaitMs: number | null,
): Crossing[] {
  const out: Crossing[] = [];
  for (const c of clock.clocks) {
    if (c.stoppedAt !== null || c.paused || c.dueAt === null) continue;
    const key = `${c.target}:${c.round}`;
    const predicted = waitingInQueue && estimatedWaitMs !== null && now + estimatedWaitMs > c.dueAt;
    if (c.breached) out.push({ key: `${key}:breached`, when: "breached", target: c.target });
    if (c.breached || now >= c.dueAt - targets.warnBeforeMs || predicted)
      out.push({ key: `${key}:at_risk`, when: "at_risk", target: c.target });
  }
  return out;
}

/**
 * When to look again: the next warning, predicted risk or due time of a running target still
 * ahead; null when nothing runs.
 */
export function nextCheckAt(
  clock: SlaClockState,
  targets: SlaTargets,
  now: number,
  estimatedWaitMs: number | null,
): number | null {
  let next: number | null = null;
  const consider = (t: number) => {
    if (t > now && (next === null || t < next)) next = t;
  };
  for (const c of clock.clocks) {
    if (c.stoppedAt !== null || c.paused || c.dueAt === null || c.breached) continue;
    consider(c.dueAt - targets.warnBeforeMs);
    if (estimatedWaitMs !== null) consider(c.dueAt - estimatedWaitMs);
    consider(c.dueAt + 1);
  }
  return next;
}
