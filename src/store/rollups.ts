/**
 * The insight rollups: hourly buckets the rollup job adds batches of posts to, and the ranges
 * the trend, KPI and spike readers take from them. Adding is exactly once per event: the event's
 * id is recorded in the same transaction, and a second run finds it and adds nothing.
 */

import {
  type AuthorSketch,
  decodeSketch,
  encodeSketch,
  mergeSketches,
  sketchCount,
} from "../domain/insight/authorSketch.ts";
import type { BucketDelta } from "../domain/insight/rollup.ts";
import type { Executor } from "./executor.ts";
import { and, asc, eq, gte, inArray, lt, sql } from "./orm.ts";

export interface RollupRow {
  hour: Date;
  key: string;
  posts: number;
  authors: number;
  sketch: string;
}

const CHUNK = 400;

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
      const hours = [...new Set(deltas.map((d) => d.hour.getTime()))].map((t) => new Date(t));
      const scopes = [...new Set(deltas.map((d) => d.scope))];
      const existing = new Map<string, { posts: number; sketch: AuthorSketch }>();
      const id = (scope: string, dimension: string, hour: number, key: string) =>
        `${scope}\u0000${dimension}\u0000${hour}\u0000${key}`;
      for (let i = 0; i < scopes.length; i += CHUNK) {
        const rows = await db
          .select({
            scope: r.scope,
            dimension: r.dimension,
            hour: r.hour,
            key: r.key,
            posts: r.posts,
            sketch: r.sketch,
          })
          .from(r)
          .where(
            and(
              eq(r.workspaceId, workspaceId),
              inArray(r.scope, scopes.slice(i, i + CHUNK)),
              inArray(r.hour, hours),
            ),
          );
        for (const row of rows) {
          existing.set(id(row.scope, row.dimension, row.hour.getTime(), row.key), {
            posts: row.posts,
            sketch: decodeSketch(row.sketch),
          });
        }
      }
      const values = deltas.map((d) => {
        const before = existing.get(id(d.scope, d.dimension, d.hour.getTime(), d.key));
        const sketch = before ? mergeSketches(before.sketch, d.sketch) : d.sketch;
        return {
          workspaceId,
          scope: d.scope,
          dimension: d.dimension,
          hour: d.hour,
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
            target: [r.workspaceId, r.scope, r.dimension, r.hour, r.key],
            set: {
              posts: sql`excluded.posts`,
              authors: sql`excluded.authors`,
              sketch: sql`excluded.sketch`,
            },
          });
      }
      return true;
    },

    /** A scope's buckets of one dimension in [from, to), oldest first. */
    async range(
      workspaceId: string,
      scope: string,
      dimension: string,
      from: Date,
      to: Date,
    ): Promise<RollupRow[]> {
      return db
        .select({ hour: r.hour, key: r.key, posts: r.posts, authors: r.authors, sketch: r.sketch })
        .from(r)
        .where(
          and(
            eq(r.workspaceId, workspaceId),
            eq(r.scope, scope),
            eq(r.dimension, dimension),
            gte(r.hour, from),
            lt(r.hour, to),
          ),
        )
        .orderBy(asc(r.hour));
    },

    /** Forgets applied events older than `before` (their jobs are long done). */
    async pruneApplied(before: Date): Promise<void> {
      await db.delete(applied).where(lt(applied.appliedAt, before));
    },
  };
}
