/**
 * Running jobs: the worker claims due jobs and runs them (retrying with backoff and jitter, and
 * burying them in the dead letters when they give up); the scheduler enqueues periodic jobs once
 * per period however many schedulers run; `eventTrigger` enqueues event-started jobs inside the
 * outbox relay's transaction, once per event. Everything reads time from the injected clock, and
 * `tick()` runs one round, so tests move time instead of sleeping.
 */
import { randomUUID } from "node:crypto";
import type { Trigger as OutboxTrigger } from "../bus/outbox.ts";
import { backoffMs, type Clock } from "../domain/clock.ts";
import type { ClaimedJob, JobInput, Store } from "../store/index.ts";
import { DEFAULT_RETRIES, type JobDefinition, PermanentJobError } from "./definition.ts";

export interface JobWorker {
  readonly id: string;
  /** Claims and runs what is due now; resolves with how many jobs ran. */
  tick(): Promise<number>;
  /** Looks for due jobs now instead of at the next poll (jobs were just enqueued). */
  wake(): void;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  store: Store;
  clock: Clock;
  definitions: readonly JobDefinition[];
  /** Jobs run at once at most. */
  concurrency?: number;
  /** Look for due jobs this often when idle; 0 runs no loop (tests call `tick`). */
  pollMs?: number;
  random?: () => number;
  onError?: (err: unknown, job: ClaimedJob) => void;
}

export function startWorker(options: WorkerOptions): JobWorker {
  const id = `worker-${randomUUID()}`;
  const byName = new Map(options.definitions.map((d) => [d.name, d]));
  const names = [...byName.keys()];
  /** How long a claimed job is held before another worker may take it: its own definition's lock. */
  const lockOf = (name: string) => byName.get(name)?.lockMs ?? 60_000;
  const concurrency = options.concurrency ?? 4;
  const controller = new AbortController();
  const { store, clock } = options;

  /** Runs a job; true when it succeeded (it is marked done with the others of its round). */
  async function runOne(job: ClaimedJob): Promise<boolean> {
    const definition = byName.get(job.name)!;
    const retries = { ...DEFAULT_RETRIES, ...definition.retries };
    try {
      await definition.run(job, { store, clock, signal: controller.signal });
      return true;
    } catch (err) {
      options.onError?.(err, job);
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || job.attempts >= Math.min(retries.max, job.maxAttempts)) {
        const code = err instanceof PermanentJobError ? err.code : "retries_exhausted";
        await store.transaction((tx) => tx.jobs.bury(job, id, code, message));
      } else {
        const wait = backoffMs(job.attempts, {
          baseMs: retries.baseMs,
          maxMs: retries.maxMs,
          random: options.random,
        });
        await store.jobs.retryLater(job.id, id, message, new Date(clock.now() + wait));
      }
      return false;
    }
  }

  async function tick(): Promise<number> {
    if (controller.signal.aborted) return 0;
    const claimed = await store.transaction((tx) =>
      tx.jobs.claim(id, names, new Date(clock.now()), lockOf, concurrency),
    );
    const succeeded = await Promise.all(claimed.map(runOne));
    // One commit for the round's successes: a worker that dies before it runs them again, as it
    // would any job it held.
    await store.jobs.completeMany(
      claimed.filter((_, i) => succeeded[i]).map((j) => j.id),
      id,
      new Date(clock.now()),
    );
    return claimed.length;
  }

  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();
  let looping = false;
  let woken = false;
  const pollMs = options.pollMs ?? 250;
  const loop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    looping = true;
    woken = false;
    current = tick()
      .catch(() => 0)
      .then((ran) => {
        looping = false;
        if (controller.signal.aborted) return;
        // A full round, or a wake-up during the round: more may be due at once.
        timer = setTimeout(loop, ran === concurrency || woken ? 0 : pollMs);
        timer.unref();
      });
  };
  const running = pollMs > 0 && names.length > 0;
  if (running) loop();
  return {
    id,
    tick,
    wake() {
      if (!running || controller.signal.aborted) return;
      if (looping) woken = true;
      else loop();
    },
    async stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

export interface Scheduler {
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Enqueues each periodic job once per period: the key is the period, so schedulers agree. */
export function startScheduler(options: {
  store: Store;
  clock: Clock;
  definitions: readonly JobDefinition[];
  pollMs?: number;
}): Scheduler {
  const periodic = options.definitions.flatMap((d) =>
    "everyMs" in d.trigger ? [{ d, every: d.trigger.everyMs }] : [],
  );
  async function tick(): Promise<void> {
    const now = options.clock.now();
    for (const { d, every } of periodic) {
      const period = Math.floor(now / every);
      await options.store.jobs.enqueue({
        name: d.name,
        key: `period:${period}`,
        runAt: new Date(period * every),
        maxAttempts: d.retries?.max ?? DEFAULT_RETRIES.max,
      });
    }
  }
  let timer: NodeJS.Timeout | null = null;
  const pollMs = options.pollMs ?? 1000;
  if (pollMs > 0 && periodic.length > 0) {
    timer = setInterval(() => void tick().catch(() => undefined), pollMs);
    timer.unref();
    void tick().catch(() => undefined);
  }
  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * The outbox trigger that enqueues event-started jobs: once per event (keyed by its id), or for a
 * batch definition once per relay round and workspace (keyed by the round's first event of it).
 */
export function eventTrigger(definitions: readonly JobDefinition[], clock: Clock): OutboxTrigger {
  const started = definitions.filter((d) => "event" in d.trigger);
  return async (tx, events) => {
    const jobs: JobInput[] = [];
    const runAt = new Date(clock.now());
    for (const d of started) {
      const trigger = d.trigger as { event: readonly string[]; batch?: boolean };
      const maxAttempts = d.retries?.max ?? DEFAULT_RETRIES.max;
      // A batch definition's events of this round, per workspace, with the first event's id.
      const batches = new Map<string | null, { firstId: string; payloads: Record<string, unknown>[] }>();
      for (const event of events) {
        if (!trigger.event.includes(event.type)) continue;
        const payload = d.payload ? d.payload(event) : { eventId: event.id, data: event.data };
        if (payload === null) continue;
        if (!trigger.batch) {
          jobs.push({
            name: d.name,
            key: `event:${event.id}`,
            workspaceId: event.workspaceId,
            payload,
            runAt,
            maxAttempts,
          });
          continue;
        }
        const batch = batches.get(event.workspaceId);
        if (batch) batch.payloads.push(payload);
        else batches.set(event.workspaceId, { firstId: event.id, payloads: [payload] });
      }
      for (const [workspaceId, batch] of batches)
        jobs.push({
          name: d.name,
          // Each event is relayed once, so the round's first one names the batch for good.
          key: `events:${batch.firstId}`,
          workspaceId,
          payload: { workspaceId, events: batch.payloads },
          runAt,
          maxAttempts,
        });
    }
    await tx.jobs.enqueueMany(jobs);
  };
}
