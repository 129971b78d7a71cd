/**
 * SLA clocks on their own (pure, no store): a Paris calendar with split hours and holidays.
 *
 * - `add_business_time_per_s`: due times from random instants over a year, targets of 15 min to
 *   three business days;
 * - `business_time_between_per_s`: business time between random instants up to a week apart;
 * - `replay_per_s`: an item's clocks replayed from a history of 12 facts (what each SLA event costs
 *   the service besides its store round trips).
 *
 * Times are this process's CPU time (the machines are shared), medians of RUNS runs.
 * Run: node bench/sla.ts   (writes bench/results/sla.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRandom } from "../src/connectors/demo/random.ts";
import { calendar } from "../src/domain/sla/calendar.ts";
import { replay, type SlaFact } from "../src/domain/sla/clock.ts";

const RUNS = 5;
const CALLS = 5_000;
const HOUR = 3_600_000;
const cal = calendar({
  timeZone: "Europe/Paris",
  hours: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: "09:00", end: "12:30" },
    { day, start: "13:30", end: "18:00" },
  ]),
  holidays: ["2026-01-01", "2026-05-01", "2026-07-14", "2026-12-25"],
});
const targets = {
  firstResponseMs: HOUR,
  nextResponseMs: HOUR / 2,
  resolutionMs: 16 * HOUR,
  warnBeforeMs: 600_000,
};

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function perSecond(make: (seed: number) => () => void): { median: number; runs: number[] } {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const work = make(r + 1);
    runs.push(Math.round((CALLS / cpuMs(work)) * 1000));
  }
  return { median: median(runs), runs };
}

const year = Date.UTC(2026, 0, 1);
const add = perSecond((seed) => {
  const rng = createRandom(seed).next;
  const starts = Array.from({ length: CALLS }, () => year + Math.floor(rng() * 365 * 24) * HOUR);
  const lengths = Array.from({ length: CALLS }, () => Math.floor(15 * 60_000 + rng() * 24 * HOUR));
  return () => {
    for (let i = 0; i < CALLS; i++) cal.addBusinessTime(starts[i]!, lengths[i]!);
  };
});
const between = perSecond((seed) => {
  const rng = createRandom(seed).next;
  const starts = Array.from({ length: CALLS }, () => year + Math.floor(rng() * 365 * 24) * HOUR);
  const spans = Array.from({ length: CALLS }, () => Math.floor(rng() * 7 * 24 * HOUR));
  return () => {
    for (let i = 0; i < CALLS; i++) cal.businessTimeBetween(starts[i]!, starts[i]! + spans[i]!);
  };
});
const replays = perSecond((seed) => {
  const rng = createRandom(seed).next;
  const histories = Array.from({ length: CALLS }, () => {
    let at = year + Math.floor(rng() * 300 * 24) * HOUR;
    const facts: SlaFact[] = [{ kind: "opened", at, key: "o" }];
    for (let i = 0; i < 11; i++) {
      at += Math.floor(rng() * 4 * HOUR);
      facts.push({ kind: i % 2 ? "customer_posted" : "brand_replied", at, key: `f${i}` });
    }
    return { facts, now: at + HOUR };
  });
  return () => {
    for (const h of histories) replay(h.facts, targets, cal, h.now);
  };
});

const result = {
  add_business_time_per_s: add.median,
  business_time_between_per_s: between.median,
  sla_replay_per_s: replays.median,
  runs: { add: add.runs, between: between.runs, replay: replays.runs },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/sla.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
