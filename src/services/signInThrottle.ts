/**
 * Slows password guessing from one address, whichever accounts it tries: after `freeFailures`
 * failures the address waits before its next try, and each further failure doubles the wait, up
 * to an hour. A success does not wipe the count (an attacker with one account of their own could
 * otherwise reset it between guesses); quiet for `forgetAfterMs`, an address starts afresh.
 * Kept in memory per process: a restart forgets, and each web process counts for itself.
 */

export interface ThrottleOptions {
  freeFailures?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  /** Addresses remembered at most; the oldest are forgotten first. */
  capacity?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 10;
    this.firstDelayMs = options.firstDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 60 * 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 60 * 60_000;
    this.capacity = options.capacity ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds the address must still wait, or 0 when it may try. */
  waitFor(address: string): number {
    const entry = this.entries.get(address);
    if (!entry) return 0;
    return Math.max(0, entry.blockedUntil - this.now());
  }

  failed(address: string): void {
    const now = this.now();
    let entry = this.entries.get(address);
    if (!entry || now - entry.lastFailure > this.forgetAfterMs)
      entry = { failures: 0, lastFailure: now, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.freeFailures;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.firstDelayMs * 2 ** over, this.maxDelayMs);
    // Re-inserting keeps the map in order of last failure, so the oldest go first when full.
    this.entries.delete(address);
    this.entries.set(address, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
