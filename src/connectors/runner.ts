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
import type { NormalizedPost, Platform } from "../domain/post.ts";
import { ParleyError } from "../errors.ts";
import { applySourceChanges, type IngestPipeline, type SourceChangesResult } from "../pipeline/pipeline.ts";
import { isDataError } from "../store/dataErrors.ts";
import type { Store } from "../store/index.ts";
import type { SourceRow } from "../store/sources.ts";
import { type Batch, type Connector, type ConnectorKind, isPeerError, type Reject } from "./contract.ts";
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
  /** Called after each batch is stored, with what it stored and what it rejected. */
  onStored?: (sourceId: string, batch: StoredBatch) => void;
  /** Where kinds are looked up (the registry; tests add their own). */
  kindOf?: (name: string) => ConnectorKind<Record<string, unknown>> | undefined;
}

/** What one stored batch did: posts new to the store, posts it had (or did not keep), rejects. */
export interface StoredBatch {
  stored: number;
  duplicates: number;
  /** Posts a listening source read that matched no campaign. */
  unmatched: number;
  rejects: Reject[];
  cursor: string | null;
}

export interface SourceRunner {
  readonly holder: string;
  /** Takes the sources it can and starts them; resolves once they are started. */
  scan(): Promise<void>;
  /** Ids of the sources this process runs now. */
  running(): string[];
  /**
   * Runs one source here until it finishes, is refused, or is stopped: how a command runs the
   * source it made (a kind `startedBy: "command"`). `source_busy` when another process holds it.
   */
  runSource(id: string): Promise<void>;
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

  /**
   * Stores a batch with its rejects and its cursor in the transaction of its last posts. When the
   * store refuses a value (which the connector's checks should have caught), the posts are stored
   * in halves until the refused ones are found; those become dead letters with the batch's
   * rejects, and the cursor moves in a transaction of its own, so the good rest is kept.
   * False when the source's lease was lost meanwhile.
   */
  async function storeBatch(
    row: SourceRow & {},
    platform: Platform,
    requireMatch: boolean,
    batch: Batch,
    from: string | null,
  ): Promise<boolean> {
    const outcome: StoredBatch = {
      stored: 0,
      duplicates: 0,
      unmatched: 0,
      rejects: [...batch.rejects],
      cursor: batch.cursor,
    };
    // An edit is triaged again on its new text before the transaction, as a new post is.
    const revisions = batch.edited?.length
      ? await options.pipeline.triage(row.workspaceId, batch.edited)
      : [];
    let changes = null as SourceChangesResult | null;
    const commit = async (tx: Store): Promise<boolean> => {
      const kept = await tx.sources.advance(
        row.id,
        holder,
        {
          cursor: batch.cursor,
          from,
          posts: batch.posts.length,
          rejects: outcome.rejects.length,
          newestAt: batch.newestAt,
          finished: batch.finished,
        },
        new Date(clock.now()),
      );
      if (!kept) return false;
      changes = await applySourceChanges(tx, {
        workspaceId: row.workspaceId,
        platform,
        sourceId: row.id,
        revisions,
        withdrawn: batch.withdrawn ?? [],
        at: new Date(clock.now()),
      });
      for (const r of outcome.rejects) {
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
      return true;
    };
    const submit = async (posts: NormalizedPost[], last?: (tx: Store) => Promise<void>) => {
      const result = await options.pipeline.submit(row.workspaceId, posts, {
        requireMatch,
        sourceId: row.id,
        ...(last ? { withLastBatch: last } : {}),
      });
      outcome.stored += result.stored;
      outcome.duplicates += result.duplicates;
      outcome.unmatched += result.unmatched;
    };
    const refusedApart = async (posts: NormalizedPost[]): Promise<void> => {
      try {
        await submit(posts);
      } catch (err) {
        if (!isDataError(err)) throw err;
        if (posts.length === 1) {
          outcome.rejects.push({
            code: "validation_failed",
            reason: "The store refused a value of this post",
            payload: JSON.stringify(posts[0]).slice(0, 4096),
          });
          return;
        }
        const half = Math.ceil(posts.length / 2);
        await refusedApart(posts.slice(0, half));
        await refusedApart(posts.slice(half));
      }
    };
    let kept = false;
    try {
      await submit(batch.posts, async (tx) => {
        kept = await commit(tx);
      });
    } catch (err) {
      if (!isDataError(err) || batch.posts.length === 0) throw err;
      outcome.stored = 0;
      outcome.duplicates = 0;
      outcome.unmatched = 0;
      await refusedApart(batch.posts);
      kept = await store.transaction(commit);
    }
    // Edits and deletes that touched work items are told to the live views once they commit.
    const touched = changes as SourceChangesResult | null;
    if (kept && touched && touched.workItems.length > 0)
      await options.pipeline.announce(row.workspaceId, touched.workItems, touched.seqs);
    if (kept) options.onStored?.(row.id, outcome);
    return kept;
  }

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
    const depth = Math.max(1, kind.inFlight ?? 1);
    // Batches read but not yet stored, oldest first; each resolves to whether the lease held.
    const pending: Promise<boolean>[] = [];
    const settle = async () => {
      await Promise.allSettled(pending.splice(0));
    };
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
          const stored = storeBatch(row, kind.platform, requireMatch, batch, cursor);
          // Marked as handled here; a failure surfaces where it is awaited below.
          stored.catch(() => undefined);
          pending.push(stored);
          if (batch.cursor !== null) cursor = batch.cursor;
          const more = !batch.finished && (batch.idleMs ?? 0) === 0;
          // Read ahead while more waits and the window has room; otherwise wait for what is stored.
          while (pending.length >= (more ? depth : 1)) {
            // Another process took the source over: it goes on from the saved cursor.
            if (!(await pending.shift()!)) return;
          }
          failures = 0;
          if (batch.finished) return;
          idleMs = batch.idleMs ?? 0;
        } catch (err) {
          await settle();
          // Go on from what was stored, whatever was read ahead.
          cursor = (await store.sources.get(row.id))?.cursor?.value ?? null;
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
      // What was read ahead is stored (or fails) before the lease is given up.
      await settle();
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
      if (
        !kind?.create ||
        kind.mode === "push" ||
        kind.startedBy === "command" ||
        options.skipKinds?.includes(kind.kind)
      )
        continue;
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
    async runSource(id) {
      const row = await store.sources.get(id);
      if (!row) throw new ParleyError("not_found", "No such source");
      if (!row.enabled) throw new ParleyError("source_disabled", "The source is not enabled");
      if (active.has(id) || !(await store.sources.lease(id, holder, new Date(clock.now()), leaseMs)))
        throw new ParleyError("source_busy", "Another process is running this source");
      const controller = new AbortController();
      const done = run(row, controller.signal).finally(() => active.delete(id));
      active.set(id, { controller, done });
      await done;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const r of active.values()) r.controller.abort();
      await Promise.all([...active.values()].map((r) => r.done));
    },
  };
}
