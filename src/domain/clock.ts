/**
 * Time as everything time-based sees it: jobs, timers, leases, rate-limit pauses and connectors
 * read it from here, so tests move time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told: for tests and replays. */
export class ManualClock implements Clock {
  private time: number;
  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  set(ms: number): void {
    this.time = ms;
  }
}

/**
 * Exponential backoff with full jitter: attempt 1 waits up to `baseMs`, each further attempt up to
 * twice as long, never past `maxMs`. `random` is injectable so the waits are testable.
 */
export function backoffMs(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 5 * 60_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  // Never zero: half the ceiling at least, so a failing peer is not hammered.
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}
