import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { calendar } from "./calendar.ts";
import {
  crossings,
  nextCheckAt,
  replay,
  type SlaFact,
  type SlaFactKind,
  slaStanding,
  withFact,
} from "./clock.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const always = calendar(null);
const targets = {
  firstResponseMs: HOUR,
  nextResponseMs: 30 * MIN,
  resolutionMs: 4 * HOUR,
  warnBeforeMs: 10 * MIN,
};

let n = 0;
const fact = (kind: SlaFactKind, at: number): SlaFact => ({ kind, at, key: `${kind}-${n++}` });

describe("SLA clocks", () => {
  it("meets the first response when the brand replies in time, and pauses resolution while waiting on the customer", () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    let facts = withFact([], fact("opened", t0));
    let state = replay(facts, targets, always, clock.now());
    expect(state.status).toBe("running");
    expect(state.dueTarget).toBe("first_response");
    expect(state.dueAt).toBe(t0 + HOUR);

    clock.advance(40 * MIN);
    facts = withFact(facts, fact("brand_replied", clock.now()));
    state = replay(facts, targets, always, clock.now());
    const first = state.clocks.find((c) => c.target === "first_response")!;
    expect(first.breached).toBe(false);
    expect(first.stoppedAt).toBe(t0 + 40 * MIN);
    expect(state.status).toBe("paused");

    // Two hours waiting on the customer do not count against the resolution.
    clock.advance(2 * HOUR);
    facts = withFact(facts, fact("customer_posted", clock.now()));
    state = replay(facts, targets, always, clock.now());
    const resolution = state.clocks.find((c) => c.target === "resolution")!;
    expect(resolution.dueAt).toBe(clock.now() + 4 * HOUR - 40 * MIN);
    const next = state.clocks.find((c) => c.target === "next_response")!;
    expect(next.round).toBe(1);
    expect(next.dueAt).toBe(clock.now() + 30 * MIN);
    expect(state.dueTarget).toBe("next_response");

    // The next response is late: breached, and it stays breached after it is met.
    clock.advance(45 * MIN);
    expect(replay(facts, targets, always, clock.now()).breached).toBe(true);
    facts = withFact(facts, fact("brand_replied", clock.now()));
    facts = withFact(facts, fact("closed", clock.now() + MIN));
    state = replay(facts, targets, always, clock.now() + MIN);
    expect(state.status).toBe("stopped");
    expect(state.clocks.find((c) => c.target === "next_response")!.breached).toBe(true);
    expect(state.clocks.find((c) => c.target === "resolution")!.breached).toBe(false);
    expect(state.dueAt).toBeNull();
  });

  it("counts due times in business hours", () => {
    const cal = calendar({
      timeZone: "UTC",
      hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
      holidays: [],
    });
    // Friday 16:30 UTC with a one-hour target: due Monday 09:30.
    const state = replay(
      [fact("opened", Date.parse("2026-01-09T16:30:00Z"))],
      targets,
      cal,
      Date.parse("2026-01-09T16:30:00Z"),
    );
    expect(new Date(state.dueAt!).toISOString()).toBe("2026-01-12T09:30:00.000Z");
  });

  it("is at risk from the warning time, or when the queue's wait would pass the due time", () => {
    const t0 = Date.UTC(2026, 0, 5, 9);
    const state = replay([fact("opened", t0)], targets, always, t0);
    expect(slaStanding(state, t0, true, null)).toBe("on_time");
    expect(slaStanding(state, t0 + 50 * MIN, true, null)).toBe("at_risk");
    expect(slaStanding(state, t0, true, 2 * HOUR)).toBe("at_risk");
    // A held item does not wait in the queue: the wait predicts nothing for it.
    expect(slaStanding(state, t0, false, 2 * HOUR)).toBe("on_time");
    const late = replay([fact("opened", t0)], targets, always, t0 + HOUR + 1);
    expect(slaStanding(late, t0 + HOUR + 1, false, null)).toBe("breached");
    expect(crossings(late, targets, t0 + HOUR + 1, false, null).map((c) => c.key)).toEqual([
      "first_response:0:breached",
      "first_response:0:at_risk",
    ]);
    expect(nextCheckAt(state, targets, t0, null)).toBe(t0 + 50 * MIN);
    expect(nextCheckAt(state, targets, t0 + 50 * MIN, null)).toBe(t0 + HOUR + 1);
  });

  it("records each fact once", () => {
    const opened = fact("opened", 1000);
    expect(withFact(withFact([], opened), opened)).toHaveLength(1);
  });
});

/** Random histories: an opening, then replies and posts at increasing times, perhaps a close. */
const histories = fc
  .array(
    fc.record({
      kind: fc.constantFrom<SlaFactKind>("brand_replied", "customer_posted", "closed", "reopened"),
      gap: fc.integer({ min: 0, max: 3 * HOUR }),
    }),
    { maxLength: 20 },
  )
  .map((steps) => {
    let at = Date.UTC(2026, 0, 5, 9);
    const facts: SlaFact[] = [{ kind: "opened", at, key: "open" }];
    steps.forEach((s, i) => {
      at += s.gap + 1;
      facts.push({ kind: s.kind, at, key: `f${i}` });
    });
    return { facts, end: at + HOUR };
  });

describe("SLA clocks, for any history", () => {
  it("counts resolution time only while the brand owes an answer", () => {
    fc.assert(
      fc.property(histories, ({ facts, end }) => {
        const noLimit = { ...targets, resolutionMs: 1_000 * HOUR };
        const state = replay(facts, noLimit, always, end);
        // The oracle: walk the history, summing the stretches where the brand owes an answer.
        let owing = true;
        let closed = false;
        let since = facts[0]!.at;
        let used = 0;
        for (const f of facts.slice(1)) {
          if (f.kind === "closed" && !closed) {
            if (owing) used += f.at - since;
            closed = true;
            owing = false;
          } else if (f.kind === "reopened" && closed) {
            closed = false;
            owing = true;
            since = f.at;
          } else if (!closed && f.kind === "brand_replied" && owing) {
            used += f.at - since;
            owing = false;
          } else if (!closed && f.kind === "customer_posted" && !owing) {
            owing = true;
            since = f.at;
          }
        }
        if (owing) used += end - since;
        const resolution = state.clocks.find((c) => c.target === "resolution")!;
        expect(noLimit.resolutionMs - resolution.remainingMs).toBe(used);
        expect(state.status === "stopped").toBe(closed);
      }),
    );
  });

  it("gives the same clocks whatever order the facts arrive in", () => {
    fc.assert(
      fc.property(histories, fc.integer(), ({ facts, end }, seed) => {
        const shuffled = [...facts].sort((a, b) => ((a.at * 31 + seed) % 7) - ((b.at * 31 + seed) % 7));
        let added: SlaFact[] = [];
        for (const f of shuffled) added = withFact(added, f);
        expect(replay(added, targets, always, end)).toEqual(replay(facts, targets, always, end));
      }),
    );
  });

  it("breaches the first response exactly when the first brand reply comes after its target", () => {
    fc.assert(
      fc.property(histories, ({ facts, end }) => {
        const state = replay(facts, targets, always, end);
        const first = state.clocks.find((c) => c.target === "first_response")!;
        const closeAt = facts.find((f) => f.kind === "closed")?.at ?? Infinity;
        const reply = facts.find((f) => f.kind === "brand_replied" && f.at < closeAt)?.at;
        const stop = reply ?? (closeAt === Infinity ? end : closeAt);
        expect(first.breached).toBe(stop - facts[0]!.at > HOUR);
      }),
    );
  });
});

describe("SLA clocks while the item is handed off", () => {
  it("pauses every running clock with the time it had left, and resumes it on return", () => {
    const t0 = Date.UTC(2026, 0, 5, 9);
    const away = [fact("opened", t0), fact("handed_off", t0 + 20 * MIN)];
    let state = replay(away, targets, always, t0 + 5 * HOUR);
    expect(state.status).toBe("paused");
    expect(state.breached).toBe(false);
    const first = state.clocks.find((c) => c.target === "first_response")!;
    expect(first).toMatchObject({ paused: true, dueAt: null, remainingMs: 40 * MIN });

    // Back after five hours: forty minutes left for the first response, 3 h 40 for resolution.
    const back = [...away, fact("handed_back", t0 + 5 * HOUR)];
    state = replay(back, targets, always, t0 + 5 * HOUR);
    expect(state.status).toBe("running");
    expect(state.dueTarget).toBe("first_response");
    expect(state.dueAt).toBe(t0 + 5 * HOUR + 40 * MIN);
    expect(state.clocks.find((c) => c.target === "resolution")!.dueAt).toBe(t0 + 5 * HOUR + 220 * MIN);
  });

  it("stops without a breach when the external center closes it in time, and ignores what it did meanwhile", () => {
    const t0 = Date.UTC(2026, 0, 5, 9);
    const facts = [
      fact("opened", t0),
      fact("handed_off", t0 + 10 * MIN),
      fact("customer_posted", t0 + 2 * HOUR),
      fact("closed", t0 + 6 * HOUR),
    ];
    const state = replay(facts, targets, always, t0 + 7 * HOUR);
    expect(state.status).toBe("stopped");
    expect(state.breached).toBe(false);
    expect(state.clocks.map((c) => [c.target, c.remainingMs])).toEqual([
      ["first_response", 50 * MIN],
      ["resolution", 230 * MIN],
    ]);
  });

  it("keeps a breach that happened before the hand-off", () => {
    const t0 = Date.UTC(2026, 0, 5, 9);
    const state = replay(
      [fact("opened", t0), fact("handed_off", t0 + 2 * HOUR)],
      targets,
      always,
      t0 + 3 * HOUR,
    );
    expect(state.breached).toBe(true);
    expect(state.clocks.find((c) => c.target === "first_response")!.remainingMs).toBe(-HOUR);
  });

  it("reopens an item that an older hand-off closed, when it comes back", () => {
    const t0 = Date.UTC(2026, 0, 5, 9);
    const state = replay(
      [fact("opened", t0), fact("closed", t0 + 10 * MIN), fact("handed_back", t0 + HOUR)],
      targets,
      always,
      t0 + HOUR,
    );
    expect(state.status).toBe("running");
  });

  it("for any history, a stretch away changes no clock's time left", () => {
    fc.assert(
      fc.property(
        histories,
        fc.nat(),
        fc.integer({ min: 1, max: 10 * HOUR }),
        ({ facts, end }, pick, gone) => {
          const i = pick % facts.length;
          // Only while the item is open: a closed item cannot be handed off.
          let closed = false;
          for (const f of facts.slice(0, i + 1)) {
            if (f.kind === "closed") closed = true;
            else if (f.kind === "reopened") closed = false;
          }
          if (closed) return;
          const leaves = facts[i]!.at + 0.5;
          const shifted = facts.map((f, j) => (j > i ? { ...f, at: f.at + gone } : f));
          const withStretch = [
            ...shifted,
            { kind: "handed_off" as const, at: leaves, key: "off" },
            { kind: "handed_back" as const, at: leaves + gone, key: "back" },
          ];
          const summary = (state: ReturnType<typeof replay>) => ({
            status: state.status,
            breached: state.breached,
            clocks: state.clocks.map((c) => [
              c.target,
              c.round,
              c.remainingMs,
              c.breached,
              c.stoppedAt === null,
            ]),
          });
          expect(summary(replay(withStretch, targets, always, end + gone))).toEqual(
            summary(replay(facts, targets, always, end)),
          );
        },
      ),
    );
  });
});
