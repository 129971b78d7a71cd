/**
 * The insight rollups: hourly and daily buckets the rollup job adds batches of posts to, and the
 * ranges the trend readers take from them. Adding is exactly once per event: the event's id is
 * recorded in the same transaction, and a second run finds it and adds nothing.
 */

import {
  type AuthorSketch,
  decodeSketch,
  encodeSketch,
  mergeInto,
  sketchCount,
} from "../domain/insight/authorSketch.ts";
import type { BucketDelta, Grain } from "../domain/insight/rollup.ts";
import type { Executor } from "./executor.ts";
import { and, asc, eq, gte, inArray, lt, sql } from "./orm.ts";

export interface RollupRow {
  start: Date;
  key: string;
  posts: number;
  authors: number;
  sketch: string;
}

const CHUNK = 400;
/** Scopes per lookup, keeping each query well under the stores' parameter limits. */
const SCOPES = 50;

const idOf = (grain: string, scope: string, dimension: string, start: number, key: string) =>
  `${grain}\u0000${scope}\u0000${dimension}\u0000${start}\u0000${key}`;

export function rollupRepository(x: Executor) {
  const { db } = x;
  const { insightRollups: r, insightAppliedEvents: applied } = x.t;
  return {
    /**
     * Adds the deltas unless this event was added before; true when they were added. Call inside
     * a transaction (the store's `transaction`): the record and the buckets commit together.
     */
    async apply(
      workspaceId: string,
      eventId: string,
      deltas: readonly BucketDelta[],
      at: Date,
    ): Promise<boolean> {
      const fresh = await db
        .insert(applied)
        .values({ eventId, workspaceId, appliedAt: at })
        .onConflictDoNothing()
        .returning({ eventId: applied.eventId });
      if (fresh.length === 0) return false;
      if (deltas.length === 0) return true;
      // One writer per workspace's buckets at a time, so two batches in the same hour both count.
      if (x.dialect === "postgres") {
        await x.rows(sql`select pg_advisory_xact_lock(hashtext(${`insight_rollups:${workspaceId}`}))`);
      }
      const starts = [...new Set(deltas.map((d) => d.start.getTime()))].map((t) => new Date(t));
      const scopes = [...new Set(deltas.map((d) => d.scope))];
      const dimensions = [...new Set(deltas.map((d) => d.dimension))];
      const grains = [...new Set(deltas.map((d) => d.grain))];
      const existing = new Map<string, { posts: number; sketch: AuthorSketch }>();
      for (let i = 0; i < scopes.length; i += SCOPES) {
        const rows = await db
          .select({
            grain: r.grain,
            scope: r.scope,
            dimension: r.dimension,
            start: r.start,
            key: r.key,
            posts: r.posts,
            sketch: r.sketch,
          })
          .from(r)
          .where(
            and(
              eq(r.workspaceId, workspaceId),
              // Every key column bounded: both stores look the buckets up in the primary key
              // instead of scanning a scope's whole history.
              inArray(r.scope, scopes.slice(i, i + SCOPES)),
              inArray(r.dimension, dimensions),
              inArray(r.grain, grains),
              inArray(r.start, starts),
            ),
          );
        for (const row of rows) {
          existing.set(idOf(row.grain, row.scope, row.dimension, row.start.getTime(), row.key), {
            posts: row.posts,
            sketch: decodeSketch(row.sketch),
          });
        }
      }
      const values = deltas.map((d) => {
        const before = existing.get(idOf(d.grain, d.scope, d.dimension, d.start.getTime(), d.key));
        const sketch = before ? mergeInto(before.sketch, d.sketch) : d.sketch;
        return {
          workspaceId,
          scope: d.scope,
          dimension: d.dimension,
          grain: d.grain,
          start: d.start,
          key: d.key,
          posts: (before?.posts ?? 0) + d.posts,
          authors: sketchCount(sketch),
          sketch: encodeSketch(sketch),
        };
      });
      for (let i = 0; i < values.length; i += CHUNK) {
        await db
          .insert(r)
          .values(values.slice(i, i + CHUNK))
          .onConflictDoUpdate({
            target: [r.workspaceId, r.scope, r.dimension, r.grain, r.start, r.key],
            set: { posts: sql`excluded.posts`, authors: sql`excluded.authors`, sketch: sql`excluded.sketch` },
          });
      }
      return true;
    },

    /** A scope's buckets of one dimension and grain starting in [from, to), oldest first. */
    async range(
      workspaceId: string,
      scope: string,
      dimension: string,
      grain: Grain,
      from: Date,
      to: Date,
    ): Promise<RollupRow[]> {
      return db
        .select({ start: r.start, key: r.key, posts: r.posts, authors: r.authors, sketch: r.sketch })
        .from(r)
        .where(
          and(
            eq(r.workspaceId, workspaceId),
            eq(r.scope, scope),
            eq(r.dimension, dimension),
            eq(r.grain, grain),
            gte(r.start, from),
            lt(r.start, to),
          ),
        )
        .orderBy(asc(r.start));
    },

    /** Forgets applied events older than `before` (their jobs are long done). */
    async pruneApplied(before: Date): Promise<void> {
      await db.delete(applied).where(lt(applied.appliedAt, before));
    },
  };
}
