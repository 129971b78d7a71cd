/**
 * A job: a small named piece of work with its trigger, its retries and what happens when it gives
 * up. Timers are jobs due later (`store.jobs.schedule` sets or moves one, `cancel` drops it).
 */
import type { Clock } from "../domain/clock.ts";
import type { DomainEvent, EventType } from "../domain/events.ts";
import type { ClaimedJob, Store } from "../store/index.ts";

export type Trigger =
  /** Enqueued once for every committed event of these types, keyed by the event's id. */
  | { event: readonly EventType[] }
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
