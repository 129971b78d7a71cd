/**
 * Sources of posts: their settings, encrypted credentials, cursor, lease and health. The cursor is
 * saved by `advance` inside the transaction that stores the batch read before it.
 */
import type { Executor } from "./executor.ts";
import { and, asc, eq, isNull, lt, or, sql } from "./orm.ts";

export interface SourceInput {
  kind: string;
  name: string;
  config: Record<string, unknown>;
  credentials: string | null;
  enabled?: boolean;
}

export type SourceRow = Awaited<ReturnType<ReturnType<typeof sourceRepository>["get"]>> & {};

const MINUTE = 60_000;

/** What a stored batch changes on its source. */
export interface BatchRecord {
  cursor: string | null;
  /** The cursor the batch was read from: the source's saved cursor must still be this one. */
  from?: string | null;
  posts: number;
  rejects: number;
  newestAt?: Date;
  /** The last batch there will be: the source is finished and stops. */
  finished?: boolean;
}

/**
 * The source's saved cursor is not the one a batch was read from: a batch read before it was not
 * stored. The batch's transaction rolls back; the runner reads again from the saved cursor.
 */
export class StaleCursor extends Error {
  constructor(id: string) {
    super(`The cursor of source ${id} moved while a batch was read`);
    this.name = "StaleCursor";
  }
}

export function sourceRepository(x: Executor) {
  const { db } = x;
  const { sources, idempotencyKeys } = x.t;

  /** Counts a batch and moves the cursor; with a holder, only while it holds the lease. */
  async function record(id: string, holder: string | null, batch: BatchRecord, now: Date): Promise<boolean> {
    const [row] = await db
      .select({
        minuteStart: sources.minuteStart,
        minuteCount: sources.minuteCount,
        leaseHolder: sources.leaseHolder,
        cursor: sources.cursor,
      })
      .from(sources)
      .where(eq(sources.id, id));
    if (!row || (holder !== null && row.leaseHolder !== holder)) return false;
    if (batch.from !== undefined && (row.cursor?.value ?? null) !== batch.from) throw new StaleCursor(id);
    const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;
    const current = row.minuteStart?.getTime();
    const counts =
      current === minute
        ? { minuteCount: row.minuteCount + batch.posts }
        : {
            minuteStart: new Date(minute),
            minuteCount: batch.posts,
            previousMinuteCount: current === minute - MINUTE ? row.minuteCount : 0,
          };
    await db
      .update(sources)
      .set({
        // Wrapped: a bare JSON string does not survive every driver's jsonb handling.
        ...(batch.cursor !== null ? { cursor: { value: batch.cursor } } : {}),
        ...(batch.newestAt ? { newestAt: batch.newestAt } : {}),
        ...counts,
        postsTotal: sql`${sources.postsTotal} + ${batch.posts}`,
        rejectsTotal: sql`${sources.rejectsTotal} + ${batch.rejects}`,
        lastSuccessAt: now,
        failures: 0,
        pausedUntil: null,
        // A finished source stops, and its lease ends with the transaction that finished it.
        ...(batch.finished ? { finishedAt: now, enabled: false, leaseHolder: null, leaseUntil: null } : {}),
      })
      .where(eq(sources.id, id));
    return true;
  }

  return {
    async create(workspaceId: string, input: SourceInput) {
      const [row] = await db
        .insert(sources)
        .values({ workspaceId, ...input, enabled: input.enabled ?? true })
        .returning();
      return row!;
    },
    async get(id: string) {
      const [row] = await db.select().from(sources).where(eq(sources.id, id));
      return row ?? null;
    },
    async list(workspaceId: string) {
      return db
        .select()
        .from(sources)
        .where(eq(sources.workspaceId, workspaceId))
        .orderBy(asc(sources.createdAt));
    },
    /** Enabled sources of every workspace, not paused at `now`. */
    async runnable(now: Date) {
      return db
        .select()
        .from(sources)
        .where(and(eq(sources.enabled, true), or(isNull(sources.pausedUntil), lt(sources.pausedUntil, now))))
        .orderBy(asc(sources.createdAt));
    },
    async update(
      id: string,
      change: Partial<Pick<SourceInput, "name" | "config" | "credentials" | "enabled">>,
    ) {
      const [row] = await db
        .update(sources)
        .set({
          ...change,
          updatedAt: new Date(),
          ...(change.enabled ? { failures: 0, pausedUntil: null } : {}),
        })
        .where(eq(sources.id, id))
        .returning();
      return row ?? null;
    },
    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id });
      return rows.length > 0;
    },
    /**
     * Takes or renews the source's lease for `holder` until `now + ms`: free, held by `holder`,
     * or run out. True when `holder` holds it now.
     */
    async lease(id: string, holder: string, now: Date, ms: number): Promise<boolean> {
      const rows = await db
        .update(sources)
        .set({ leaseHolder: holder, leaseUntil: new Date(now.getTime() + ms) })
        .where(
          and(
            eq(sources.id, id),
            eq(sources.enabled, true),
            or(isNull(sources.leaseHolder), eq(sources.leaseHolder, holder), lt(sources.leaseUntil, now)),
          ),
        )
        .returning({ id: sources.id });
      return rows.length > 0;
    },
    async release(id: string, holder: string): Promise<void> {
      await db
        .update(sources)
        .set({ leaseHolder: null, leaseUntil: null })
        .where(and(eq(sources.id, id), eq(sources.leaseHolder, holder)));
    },
    /**
     * Saves the cursor after a batch and counts it, only while `holder` holds the lease: a
     * process that lost it cannot move the cursor. Call in the batch's transaction.
     */
    async advance(id: string, holder: string, batch: BatchRecord, now: Date): Promise<boolean> {
      return record(id, holder, batch, now);
    },
    /** Counts a batch of a source that holds no lease (a push source). Call in the batch's transaction. */
    async counted(id: string, batch: { posts: number; rejects: number; newestAt?: Date }, now: Date) {
      await record(id, null, { cursor: null, ...batch }, now);
    },
    /** The answer given to a request with this idempotency key, or null. */
    async answered(scope: string, key: string): Promise<Record<string, unknown> | null> {
      const [row] = await db
        .select({ result: idempotencyKeys.result })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return row?.result ?? null;
    },
    async remember(scope: string, key: string, result: Record<string, unknown>, replace = false) {
      const insert = db.insert(idempotencyKeys).values({ scope, key, result });
      await (replace
        ? insert.onConflictDoUpdate({ target: [idempotencyKeys.scope, idempotencyKeys.key], set: { result } })
        : insert.onConflictDoNothing());
    },
    /** Records a failure; the source waits until `pausedUntil` (and stops when `disable`). */
    async failed(id: string, error: string, now: Date, pausedUntil: Date | null, disable = false) {
      await db
        .update(sources)
        .set({
          lastError: error.slice(0, 1000),
          lastErrorAt: now,
          failures: sql`${sources.failures} + 1`,
          pausedUntil,
          ...(disable ? { enabled: false, leaseHolder: null, leaseUntil: null } : {}),
        })
        .where(eq(sources.id, id));
    },
    /** The peer asked to wait: every process leaves the source alone until then. */
    async pause(id: string, until: Date, reason: string) {
      await db.update(sources).set({ pausedUntil: until, lastError: reason }).where(eq(sources.id, id));
    },
  };
}
