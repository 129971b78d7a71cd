/**
 * A job: a small named piece of work with its trigger, its retries and what happens when it gives
 * up. Timers are jobs due later (`store.jobs.schedule` sets or moves one, `cancel` drops it).
 */
import type { Clock } from "../domain/clock.ts";
import type { DomainEvent, EventType } from "../domain/events.ts";
import type { ClaimedJob, Store } from "../store/index.ts";

export type Trigger =
  /**
   * Enqueued once for every committed event of these types, keyed by the event's id; with
   * `batch`, the events of one relay round go to one job per workspace instead, its payload
   * `{ workspaceId, events: [each event's payload] }` (read them with `eventPayloads`). For work
   * done per work item (thousands of them during an import), where a job each would cost more
   * than the work.
   */
  | { event: readonly EventType[]; batch?: boolean }
  /** Enqueued by the scheduler once per period, keyed by the period. */
  | { everyMs: number }
  /** Enqueued or scheduled by code, for a due time (timers). */
  | { due: true };

export interface Retries {
  /** Attempts in all before the job gives up (default 5). */
  max: number;
  /** Backoff of the first retry (doubling, with jitter; default 1 s). */
  baseMs: number;
  /** The longest backoff (default 10 min). */
  maxMs: number;
}

export interface JobContext {
  store: Store;
  clock: Clock;
  signal: AbortSignal;
}

export interface JobDefinition {
  name: string;
  trigger: Trigger;
  retries?: Partial<Retries>;
  /** How long a run may take before another worker may take the job (default 60 s). */
  lockMs?: number;
  /** For event triggers: the job's payload from the event (default: the event's id and data). */
  payload?(event: DomainEvent): Record<string, unknown> | null;
  run(job: ClaimedJob, context: JobContext): Promise<void>;
}

/**
 * The per-event payloads of an event-started job: the batch's events, or the job's own payload
 * for a job of one event (as jobs enqueued before their definition took batches are).
 */
export function eventPayloads(job: ClaimedJob): Record<string, unknown>[] {
  const { events } = job.payload;
  if (!Array.isArray(events)) return [job.payload];
  return events.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
}

/**
 * Runs `fn` for each of a batch job's events, every one even when some fail; then throws the first
 * failure, so the job is retried. `fn` must be idempotent: a retry runs the whole batch again.
 */
export async function forEachEvent(
  job: ClaimedJob,
  fn: (payload: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  let failure: unknown = null;
  for (const payload of eventPayloads(job)) {
    try {
      await fn(payload);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== null) throw failure;
}

/** An error the job cannot recover from by trying again: it goes straight to the dead letters. */
export class PermanentJobError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "PermanentJobError";
    this.code = code;
  }
}

export const DEFAULT_RETRIES: Retries = { max: 5, baseMs: 1000, maxMs: 10 * 60_000 };

/** What a job started by `posts.stored` is handed: the batch's workspace, event and posts. */
export interface StoredBatch {
  workspaceId: string;
  eventId: string;
  postIds: string[];
}

/**
 * A job run once per `posts.stored` event on its batch; the event's id lets the handler count
 * the batch exactly once however often the job is retried.
 */
export function postsStoredJob(
  name: string,
  handle: (batch: StoredBatch, context: JobContext) => Promise<unknown>,
): JobDefinition {
  return {
    name,
    trigger: { event: ["posts.stored"] },
    retries: { max: 8 },
    payload: (event) =>
      event.workspaceId && event.type === "posts.stored"
        ? { workspaceId: event.workspaceId, eventId: event.id, postIds: event.data.postIds }
        : null,
    async run(job, context) {
      const { workspaceId, eventId, postIds } = job.payload;
      if (typeof workspaceId !== "string" || typeof eventId !== "string" || !Array.isArray(postIds)) {
        throw new Error(`The ${name} job's payload lacks its workspace, event or posts`);
      }
      await handle({ workspaceId, eventId, postIds: postIds as string[] }, context);
    },
  };
}
