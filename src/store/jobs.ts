/**
 * Jobs and timers in the database, so a due time survives restarts. A worker claims due jobs and
 * holds each until `locked_until`; a job whose worker died is claimed again after that. On
 * PostgreSQL the claim skips rows other workers hold (`FOR UPDATE SKIP LOCKED`); on SQLite the one
 * writer makes the claim atomic by itself.
 */
import { type Executor, type SqliteWriter, unindexed } from "./executor.ts";
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

export interface JobInput {
  name: string;
  /** Jobs are unique by (name, key): enqueueing the same key again changes nothing. */
  key: string;
  workspaceId?: string | null;
  payload?: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: string;
  name: string;
  key: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
}

export interface DeadLetterInput {
  workspaceId: string | null;
  origin: "job" | "source";
  name: string;
  jobId?: string | null;
  sourceId?: string | null;
  code: string;
  reason: string;
  payload: string;
  attempts?: number;
}

// Rows per insert statement: well under both dialects' limits on bound parameters.
const INSERT_ROWS = 500;
const SQLITE_ENQUEUE = `insert into jobs (id, name, key, workspace_id, payload, run_at, max_attempts)
  values (?, ?, ?, ?, ?, ?, ?) on conflict (name, key) do nothing`;

// What a dead letter keeps of a payload.
const PAYLOAD_KEPT = 16 * 1024;

/** A job's row as it is first written. */
function jobRow(job: JobInput) {
  return {
    name: job.name,
    key: job.key,
    workspaceId: job.workspaceId ?? null,
    payload: job.payload ?? {},
    runAt: job.runAt,
    maxAttempts: job.maxAttempts ?? 5,
  };
}

/**
 * Writes each job through one prepared statement taking a job row's seven values in
 * `SQLITE_ENQUEUE`'s order, in one transaction; returns how many rows it changed.
 */
function writeSqliteJobs(
  sqlite: SqliteWriter,
  statement: string,
  list: readonly JobInput[],
): Promise<number> {
  return sqlite.transaction(() => {
    const write = sqlite.statement(statement);
    let changed = 0;
    for (const job of list) {
      const { changes } = write.run(
        uuid7(),
        job.name,
        job.key,
        job.workspaceId ?? null,
        JSON.stringify(job.payload ?? {}),
        job.runAt.getTime(),
        job.maxAttempts ?? 5,
      );
      changed += Number(changes);
    }
    return changed;
  });
}

export function jobRepository(x: Executor) {
  const { db } = x;
  const { jobs, deadLetters } = x.t;
  /** `enqueue` for many jobs in few statements; returns how many were added. */
  async function enqueueMany(list: readonly JobInput[]): Promise<number> {
    let added = 0;
    const sqlite = x.sqlite;
    // A prepared statement per row: on the embedded store a call, not a round trip.
    if (sqlite) return writeSqliteJobs(sqlite, SQLITE_ENQUEUE, list);
    for (let i = 0; i < list.length; i += INSERT_ROWS) {
      const rows = await db
        .insert(jobs)
        .values(list.slice(i, i + INSERT_ROWS).map(jobRow))
        .onConflictDoNothing()
        .returning({ id: jobs.id });
      added += rows.length;
    }
    return added;
  }
  return {
    /** Adds a job unless one with its (name, key) exists; true when it was added. */
    async enqueue(job: JobInput): Promise<boolean> {
      return (await enqueueMany([job])) > 0;
    },
    enqueueMany,
    /**
     * Sets a timer: the job with this (name, key) becomes due at `runAt`, whether it existed,
     * was done or not; a running one is left to finish.
     */
    async schedule(job: JobInput): Promise<void> {
      await db
        .insert(jobs)
        .values(jobRow(job))
        .onConflictDoUpdate({
          target: [jobs.name, jobs.key],
          set: {
            payload: job.payload ?? {},
            runAt: job.runAt,
            state: "queued",
            attempts: 0,
            lastError: null,
            updatedAt: new Date(),
          },
          setWhere: sql`${jobs.state} <> 'running'`,
        });
    },
    /**
     * `schedule` for many timers at once (each (name, key) at most once in the list): the embedded
     * store runs one prepared upsert per timer, PostgreSQL one statement over a JSON recordset.
     */
    async scheduleMany(list: JobInput[]): Promise<void> {
      if (list.length === 0) return;
      const onConflict = `on conflict (name, key) do update set payload = excluded.payload,
        run_at = excluded.run_at, state = 'queued', attempts = 0, last_error = null,
        updated_at = excluded.updated_at where jobs.state <> 'running'`;
      if (x.sqlite) {
        await writeSqliteJobs(
          x.sqlite,
          `insert into jobs (id, name, key, workspace_id, payload, run_at, max_attempts)
           values (?, ?, ?, ?, ?, ?, ?) ${onConflict}`,
          list,
        );
        return;
      }
      const rows = list.map((job) => ({
        name: job.name,
        key: job.key,
        workspace_id: job.workspaceId ?? null,
        payload: job.payload ?? {},
        run_at: job.runAt.toISOString(),
        max_attempts: job.maxAttempts ?? 5,
      }));
      await x.rows(sql`insert into jobs (name, key, workspace_id, payload, run_at, max_attempts)
        select r.name, r.key, r.workspace_id, r.payload, r.run_at, r.max_attempts
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(name text, key text, workspace_id uuid, payload jsonb, run_at timestamptz, max_attempts integer)
        ${sql.raw(onConflict)}`);
    },
    /** Cancels a queued job or timer; true when there was one. */
    async cancel(name: string, key: string): Promise<boolean> {
      const rows = await db
        .delete(jobs)
        .where(and(eq(jobs.name, name), eq(jobs.key, key), eq(jobs.state, "queued")))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    /**
     * Claims up to `limit` due jobs of the given names for `worker`, each until `now` plus its
     * name's lock (`lockMs`): queued ones due by now, and running ones whose holder's lock ran out.
     */
    async claim(
      worker: string,
      names: string[],
      now: Date,
      lockMs: (name: string) => number,
      limit: number,
    ): Promise<ClaimedJob[]> {
      if (names.length === 0) return [];
      // Both kinds were due by `runAt` (a running job was claimed once it was), so the due index,
      // read in `runAt` order up to now, holds every candidate and the claim reads only those.
      // Its condition is written as the index's is, in constants: SQLite uses a partial index
      // only for a query whose terms imply its condition, and a bound value implies nothing.
      const due = and(
        sql`${jobs.state} in ('queued', 'running')`,
        lte(jobs.runAt, now),
        or(eq(jobs.state, "queued"), and(eq(jobs.state, "running"), lt(jobs.lockedUntil, now))),
      );
      const pick = db
        .select({ id: jobs.id, name: jobs.name })
        .from(jobs)
        // The names are checked on each due row: their own index would read every job of them.
        .where(and(inArray(unindexed(x, jobs.name), names), due))
        .orderBy(asc(jobs.runAt))
        .limit(limit);
      const picked = x.dialect === "postgres" ? await pick.for("update", { skipLocked: true }) : await pick;
      if (picked.length === 0) return [];
      // One statement per lock length: a long job's lock does not hold up a short one's retry.
      const byLock = new Map<number, string[]>();
      for (const p of picked) {
        const ms = lockMs(p.name);
        byLock.set(ms, [...(byLock.get(ms) ?? []), p.id]);
      }
      const rows = [];
      for (const [ms, ids] of byLock) {
        rows.push(
          ...(await db
            .update(jobs)
            .set({
              state: "running",
              lockedBy: worker,
              lockedUntil: new Date(now.getTime() + ms),
              attempts: sql`${jobs.attempts} + 1`,
              updatedAt: now,
            })
            .where(inArray(jobs.id, ids))
            .returning()),
        );
      }
      return rows
        .map((r) => ({
          id: r.id,
          name: r.name,
          key: r.key,
          workspaceId: r.workspaceId,
          payload: r.payload,
          attempts: r.attempts,
          maxAttempts: r.maxAttempts,
          runAt: r.runAt,
        }))
        .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    },
    /** Marks a claimed job done; false when the worker no longer held it. */
    async complete(id: string, worker: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(jobs)
        .set({ state: "done", lockedBy: null, lockedUntil: null, updatedAt: now })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker), eq(jobs.state, "running")))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    /** Marks claimed jobs done in one statement; returns how many the worker still held. */
    async completeMany(ids: string[], worker: string, now: Date): Promise<number> {
      if (ids.length === 0) return 0;
      const rows = await db
        .update(jobs)
        .set({ state: "done", lockedBy: null, lockedUntil: null, updatedAt: now })
        .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, worker), eq(jobs.state, "running")))
        .returning({ id: jobs.id });
      return rows.length;
    },
    /** Puts a failed job back, due at `retryAt`. */
    async retryLater(id: string, worker: string, error: string, retryAt: Date): Promise<boolean> {
      const rows = await db
        .update(jobs)
        .set({
          state: "queued",
          lockedBy: null,
          lockedUntil: null,
          lastError: error,
          runAt: retryAt,
          updatedAt: new Date(),
        })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker)))
        .returning({ id: jobs.id });
      return rows.length > 0;
    },
    /** Gives a job up: it is marked dead and a dead letter says why. Call inside a transaction. */
    async bury(job: ClaimedJob, worker: string, code: string, error: string): Promise<boolean> {
      const rows = await db
        .update(jobs)
        .set({ state: "dead", lockedBy: null, lockedUntil: null, lastError: error, updatedAt: new Date() })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, worker)))
        .returning({ id: jobs.id });
      if (rows.length === 0) return false;
      await this.deadLetter({
        workspaceId: job.workspaceId,
        origin: "job",
        name: job.name,
        jobId: job.id,
        code,
        reason: error,
        payload: JSON.stringify(job.payload),
        attempts: job.attempts,
      });
      return true;
    },
    async deadLetter(letter: DeadLetterInput): Promise<void> {
      await db.insert(deadLetters).values({
        ...letter,
        jobId: letter.jobId ?? null,
        sourceId: letter.sourceId ?? null,
        reason: letter.reason.slice(0, 2000),
        payload:
          letter.payload.length > PAYLOAD_KEPT ? letter.payload.slice(0, PAYLOAD_KEPT) : letter.payload,
        attempts: letter.attempts ?? 0,
      });
    },
    /** Dead letters newest first; of one workspace (with the instance's own) or all. */
    async deadLetters(options: { workspaceId?: string; limit: number; before?: Date }) {
      const conditions = [];
      if (options.workspaceId) {
        conditions.push(
          or(eq(deadLetters.workspaceId, options.workspaceId), isNull(deadLetters.workspaceId)),
        );
      }
      if (options.before) conditions.push(lt(deadLetters.createdAt, options.before));
      return db
        .select()
        .from(deadLetters)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
        .limit(options.limit);
    },
    async getDeadLetter(id: string) {
      const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id));
      return row ?? null;
    },
    /** Queues a dead job again with fresh attempts; marks the letter retried. */
    async retryDead(letterId: string, now: Date): Promise<boolean> {
      const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.id, letterId));
      if (!letter?.jobId || letter.retriedAt) return false;
      const rows = await db
        .update(jobs)
        .set({ state: "queued", attempts: 0, runAt: now, lastError: null, updatedAt: now })
        .where(and(eq(jobs.id, letter.jobId), eq(jobs.state, "dead")))
        .returning({ id: jobs.id });
      if (rows.length === 0) return false;
      await db.update(deadLetters).set({ retriedAt: now }).where(eq(deadLetters.id, letterId));
      return true;
    },
    async get(name: string, key: string) {
      const [row] = await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.name, name), eq(jobs.key, key)));
      return row ?? null;
    },
    /** Removes finished jobs last changed before `before`. */
    async pruneDone(before: Date): Promise<number> {
      const rows = await db
        .delete(jobs)
        .where(and(eq(jobs.state, "done"), lt(jobs.updatedAt, before)))
        .returning({ id: jobs.id });
      return rows.length;
    },
    /** When the next queued job of these names is due, or null. */
    async nextDue(names: string[]): Promise<Date | null> {
      if (names.length === 0) return null;
      const [row] = await db
        .select({ runAt: jobs.runAt })
        .from(jobs)
        .where(and(inArray(jobs.name, names), eq(jobs.state, "queued")))
        .orderBy(asc(jobs.runAt))
        .limit(1);
      return row?.runAt ?? null;
    },
  };
}
