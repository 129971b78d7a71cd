/**
 * Runs every enabled polling or streaming source of every workspace, in the ingest role. Several
 * ingest processes share the sources: each source runs in exactly one process at a time, the one
 * holding its lease (renewed while it runs, taken over by another process once it runs out). A
 * batch's posts, its rejects (as dead letters) and the cursor after it commit in one transaction,
 * and only while the lease is held, so a restart loses and repeats nothing.
 *
 * A peer that asks to wait (`rate_limited`) pauses the source for every process until then; one
 * that fails (`unavailable`) is retried with backoff and jitter; one that refuses the credentials
 * or settings (`refused`) stops the source until someone changes it.
 */
import { randomUUID } from "node:crypto";
import { backoffMs, type Clock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import type { Store } from "../store/index.ts";
import type { SourceRow } from "../store/sources.ts";
import { type Connector, type ConnectorKind, isPeerError } from "./contract.ts";
import { OversizedBody } from "./peer.ts";
import { connectorKind } from "./registry.ts";
import type { SecretBox } from "./secretBox.ts";

export interface SourceRunnerOptions {
  store: Store;
  pipeline: IngestPipeline;
  box: SecretBox;
  clock: Clock;
  /** How long a lease lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** How often the runner looks for sources to take (default 2 s); 0 runs no loop. */
  scanMs?: number;
  random?: () => number;
  onError?: (err: unknown, sourceId: string) => void;
  /** Kinds this runner leaves to others. */
  skipKinds?: readonly string[];
  /** Where kinds are looked up (the registry; tests add their own). */
  kindOf?: (name: string) => ConnectorKind<Record<string, unknown>> | undefined;
}

export interface SourceRunner {
  readonly holder: string;
  /** Takes the sources it can and starts them; resolves once they are started. */
  scan(): Promise<void>;
  /** Ids of the sources this process runs now. */
  running(): string[];
  stop(): Promise<void>;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

export function startSourceRunner(options: SourceRunnerOptions): SourceRunner {
  const holder = `ingest-${randomUUID()}`;
  const { store, clock } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const active = new Map<string, Running>();
  const kindOf = options.kindOf ?? connectorKind;
  let stopped = false;

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  async function run(row: SourceRow & {}, signal: AbortSignal): Promise<void> {
    const kind = kindOf(row.kind);
    if (!kind?.create) return;
    let connector: Connector;
    let requireMatch = kind.requireMatch;
    try {
      const settings = kind.settings.parse(row.config);
      requireMatch = kind.requireMatchFor?.(settings) ?? kind.requireMatch;
      connector = kind.create({
        id: row.id,
        workspaceId: row.workspaceId,
        kind: row.kind,
        name: row.name,
        settings,
        credentials: row.credentials ? options.box.open(row.credentials) : {},
      });
    } catch (err) {
      await refuse(row, `The source cannot start: ${(err as Error).message}`);
      return;
    }
    let cursor = row.cursor?.value ?? null;
    let failures = row.failures;
    try {
      while (!signal.aborted) {
        const now = new Date(clock.now());
        if (!(await store.sources.lease(row.id, holder, now, leaseMs))) return;
        let idleMs = 0;
        try {
          const batch = await connector.pull(cursor, { clock, signal });
          if (signal.aborted) return;
          let kept = true;
          await options.pipeline.submit(row.workspaceId, batch.posts, {
            requireMatch,
            sourceId: row.id,
            withLastBatch: async (tx) => {
              const at = new Date(clock.now());
              kept = await tx.sources.advance(
                row.id,
                holder,
                {
                  cursor: batch.cursor,
                  posts: batch.posts.length,
                  rejects: batch.rejects.length,
                  newestAt: batch.newestAt,
                },
                at,
              );
              if (!kept) return;
              const withdrawn = await tx.posts.withdraw(
                row.workspaceId,
                kind.platform,
                batch.withdrawn ?? [],
              );
              for (const w of withdrawn) {
                await tx.audit.record({
                  workspaceId: row.workspaceId,
                  actorUserId: null,
                  action: "post.withdrawn",
                  subjectType: w.workItemId ? "work_item" : "post",
                  subjectId: w.workItemId ?? w.postId,
                  detail: { postId: w.postId, platformId: w.platformId, sourceId: row.id },
                });
              }
              for (const r of batch.rejects) {
                await tx.jobs.deadLetter({
                  workspaceId: row.workspaceId,
                  origin: "source",
                  name: row.kind,
                  sourceId: row.id,
                  code: r.code,
                  reason: r.reason,
                  payload: r.payload,
                });
              }
            },
          });
          // Another process took the source over: it goes on from the saved cursor.
          if (!kept) return;
          if (batch.cursor !== null) cursor = batch.cursor;
          failures = 0;
          idleMs = batch.idleMs ?? 0;
        } catch (err) {
          if (signal.aborted) return;
          options.onError?.(err, row.id);
          const at = clock.now();
          if (isPeerError(err) && err.kind === "rate_limited") {
            const until = new Date(Math.max(err.retryAt ?? at + 60_000, at + 1000));
            await store.sources.pause(row.id, until, err.message);
            idleMs = until.getTime() - at;
          } else if (isPeerError(err) && err.kind === "refused") {
            await refuse(row, err.message);
            return;
          } else {
            failures += 1;
            const wait = backoffMs(failures, { baseMs: 2000, maxMs: 10 * 60_000, random: options.random });
            const message =
              err instanceof OversizedBody || isPeerError(err)
                ? err.message
                : `Reading failed: ${(err as Error).message}`;
            await store.sources.failed(row.id, message, new Date(at), new Date(at + wait));
            idleMs = wait;
          }
        }
        if (idleMs > 0) {
          // Leases are renewed at least every third of their length while waiting.
          let left = idleMs;
          while (left > 0 && !signal.aborted) {
            const step = Math.min(left, leaseMs / 3);
            await sleep(step, signal);
            left -= step;
            if (left > 0 && !(await store.sources.lease(row.id, holder, new Date(clock.now()), leaseMs)))
              return;
          }
        }
      }
    } finally {
      await connector.close?.().catch(() => undefined);
      await store.sources.release(row.id, holder).catch(() => undefined);
    }
  }

  async function refuse(row: SourceRow & {}, reason: string): Promise<void> {
    await store.transaction(async (tx) => {
      await tx.sources.failed(row.id, reason, new Date(clock.now()), null, true);
      await tx.events.append([newEvent("source.failed", row.workspaceId, { sourceId: row.id, reason })]);
    });
  }

  async function scan(): Promise<void> {
    if (stopped) return;
    const now = new Date(clock.now());
    for (const row of await store.sources.runnable(now)) {
      if (active.has(row.id)) continue;
      const kind = kindOf(row.kind);
      if (!kind?.create || kind.mode === "push" || options.skipKinds?.includes(kind.kind)) continue;
      if (!(await store.sources.lease(row.id, holder, now, leaseMs))) continue;
      const controller = new AbortController();
      const done = run(row, controller.signal)
        .catch((err) => options.onError?.(err, row.id))
        .finally(() => active.delete(row.id));
      active.set(row.id, { controller, done });
    }
    // Sources disabled or removed meanwhile stop here.
    const runnable = new Set((await store.sources.runnable(now)).map((r) => r.id));
    for (const [id, r] of active) if (!runnable.has(id)) r.controller.abort();
  }

  let timer: NodeJS.Timeout | null = null;
  const scanMs = options.scanMs ?? 2000;
  if (scanMs > 0) {
    timer = setInterval(() => void scan().catch((err) => options.onError?.(err, "")), scanMs);
    timer.unref();
    void scan().catch((err) => options.onError?.(err, ""));
  }

  return {
    holder,
    scan,
    running: () => [...active.keys()],
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const r of active.values()) r.controller.abort();
      await Promise.all([...active.values()].map((r) => r.done));
    },
  };
}
