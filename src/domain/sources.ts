/** A source as the API shows it: settings, which secrets are set (never their values), and health. */

/**
 * `receiving`: a push source, ready for what is sent to it. `finished`: a source with an end (a
 * file) stored its last batch.
 */
export type SourceState = "running" | "receiving" | "idle" | "paused" | "failing" | "disabled" | "finished";

export interface SourceHealth {
  state: SourceState;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Seconds between the newest post read and now. */
  lagSeconds: number | null;
  /** Posts read in the last full minute. */
  postsPerMinute: number;
  postsTotal: number;
  rejectsTotal: number;
  pausedUntil: string | null;
}

export interface SourceView {
  id: string;
  kind: string;
  label: string;
  mode: "poll" | "stream" | "push";
  name: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  /** Names of the secrets that are set. */
  credentials: string[];
  health: SourceHealth;
  /** Where a push source takes posts. */
  pushPath: string | null;
  createdAt: string;
}

/** The source's state from its health columns at `now`. */
export function sourceState(
  row: {
    enabled: boolean;
    pausedUntil: Date | null;
    failures: number;
    leaseHolder: string | null;
    leaseUntil: Date | null;
    finishedAt?: Date | null;
  },
  now: number,
  push = false,
): SourceState {
  if (row.finishedAt) return "finished";
  if (!row.enabled) return "disabled";
  if (push) return "receiving";
  if (row.pausedUntil && row.pausedUntil.getTime() > now) return row.failures > 0 ? "failing" : "paused";
  if (row.failures > 0) return "failing";
  if (row.leaseHolder && row.leaseUntil && row.leaseUntil.getTime() > now) return "running";
  return "idle";
}
