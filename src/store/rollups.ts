/**
 * The insight rollups: hourly and daily buckets the rollup job adds batches of posts to, and the
 * ranges the trend readers take from them. Adding is exactly once per event: the event's id is
 * recorded in the same transaction, and a second run finds it and adds nothing.
 */

import type { SQL } from "drizzle-orm";
import {
  type AuthorSketch,
  decodeSketch,
  emptySketch,
  encodeSketch,
  mergeInto,
  sketchCount,
} from "../domain/insight/authorSketch.ts";
import {
  addToBuckets,
  type BucketDelta,
  bucketDeltas,
  bucketId,
  type CountedLabels,
  combineDeltas,
  DAY_MS,
  decodeCounted,
  effectiveLabels,
  encodeCounted,
  type Grain,
  type RollupPost,
  retractDeltas,
  startOf,
} from "../domain/insight/rollup.ts";
import type { PostCorrection } from "../domain/views.ts";
import { type Executor, forUpdate, ofWorkspace } from "./executor.ts";
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, ne, sql } from "./orm.ts";

export interface RollupRow {
  start: Date;
  key: string;
  posts: number;
  authors: number;
  sketch: string;
}

const CHUNK = 400;
/** Posts added to the buckets between turns of the event loop. */
const COUNT_STEP = 100;
/** Scopes per lookup, keeping each query well under the stores' parameter limits. */
const SCOPES = 50;

export function rollupRepository(x: Executor) {
  const { db } = x;
  const { insightRollups: r, insightAppliedEvents: applied, posts: p, workspaces } = x.t;

  const postColumns = {
    id: p.id,
    authorId: p.authorId,
    postedAt: p.postedAt,
    direction: p.direction,
    intent: p.intent,
    topic: p.topic,
    sentiment: p.sentiment,
    platform: p.platform,
    language: p.language,
    campaignIds: p.campaignIds,
    correction: p.correction,
    rolledUp: p.rolledUp,
  };
  type PostRow = {
    id: string;
    authorId: string;
    postedAt: Date;
    direction: string;
    intent: string;
    topic: string | null;
    sentiment: string;
    platform: string;
    language: string | null;
    campaignIds: string[];
    correction: PostCorrection | null;
    rolledUp: string | null;
  };

  /** Posts read to be counted or recounted, locked on PostgreSQL until the transaction ends. */
  async function lockedPosts(where: SQL | undefined): Promise<PostRow[]> {
    return (await forUpdate(x, db.select(postColumns).from(p).where(where))) as PostRow[];
  }

  /** What the post is counted under now: its columns, with an agent's correction winning. */
  const effective = (row: PostRow): CountedLabels =>
    effectiveLabels(
      {
        intent: row.intent,
        sentiment: row.sentiment,
        topic: row.topic,
        language: row.language,
        campaignIds: row.campaignIds,
        direction: row.direction,
      },
      row.correction,
    );
  /** What the post was counted under, from its mark. */
  const counted = (row: PostRow, mark: string): CountedLabels => decodeCounted(mark, row);

  const rollupPost = (row: PostRow, labels: CountedLabels): RollupPost => ({
    id: row.id,
    authorId: row.authorId,
    postedAt: row.postedAt,
    platform: row.platform,
    ...labels,
  });

  async function competitorOf(workspaceId: string): Promise<string | null> {
    const [row] = await db
      .select({ id: workspaces.competitorCampaignId })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    return row?.id ?? null;
  }

  /** Marks posts with the labels they are now counted under, one statement per set of labels. */
  async function markCounted(counted: readonly RollupPost[]): Promise<void> {
    const byLabels = new Map<string, string[]>();
    for (const post of counted) {
      const key = encodeCounted(post);
      const ids = byLabels.get(key) ?? [];
      ids.push(post.id);
      byLabels.set(key, ids);
    }
    for (const [labels, ids] of byLabels) {
      for (let i = 0; i < ids.length; i += 500) {
        await db
          .update(p)
          .set({ rolledUp: labels })
          .where(inArray(p.id, ids.slice(i, i + 500)));
      }
    }
  }

  /** Records the event; false when it was recorded before (its change is already in). */
  async function recordEvent(workspaceId: string, eventId: string, at: Date): Promise<boolean> {
    const fresh = await db
      .insert(applied)
      .values({ eventId, workspaceId, appliedAt: at })
      .onConflictDoNothing()
      .returning({ eventId: applied.eventId });
    return fresh.length > 0;
  }

  /** Merges deltas into their buckets: drops first, then the added posts and authors. */
  async function merge(workspaceId: string, deltas: readonly BucketDelta[]): Promise<void> {
    if (deltas.length === 0) return;
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
        existing.set(bucketId(row), {
          posts: row.posts,
          sketch: decodeSketch(row.sketch),
        });
      }
    }
    const values = deltas.map((d) => {
      const before = existing.get(bucketId(d));
      let sketch = before?.sketch ?? emptySketch();
      if (sketch.kind === "exact") for (const h of d.drop ?? []) sketch.hashes.delete(h);
      sketch = mergeInto(sketch, d.sketch);
      return {
        workspaceId,
        scope: d.scope,
        dimension: d.dimension,
        grain: d.grain,
        start: d.start,
        key: d.key,
        posts: Math.max(0, (before?.posts ?? 0) + d.posts),
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
  }

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
      if (!(await recordEvent(workspaceId, eventId, at))) return false;
      await merge(workspaceId, deltas);
      return true;
    },

    /**
     * Counts the stored batch of a `posts.stored` event, once: the event is recorded, each post
     * not yet counted is marked with the labels it is counted under, and the buckets change, all in
     * the caller's transaction. Posts erased before this ran are not counted.
     */
    async countBatch(workspaceId: string, eventId: string, postIds: readonly string[], at: Date) {
      if (!(await recordEvent(workspaceId, eventId, at))) return false;
      const fresh: RollupPost[] = [];
      for (let i = 0; i < postIds.length; i += 500) {
        const rows = await lockedPosts(
          and(
            ofWorkspace(x, p.workspaceId, workspaceId),
            inArray(p.id, postIds.slice(i, i + 500)),
            isNull(p.rolledUp),
          ),
        );
        fresh.push(...rows.map((row) => rollupPost(row, effective(row))));
      }
      await markCounted(fresh);
      const competitor = await competitorOf(workspaceId);
      const byKey = new Map<string, BucketDelta>();
      for (let i = 0; i < fresh.length; i += COUNT_STEP) {
        // Each post feeds ~60 buckets: a batch of a thousand is counted in parts, the loop turning between.
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        addToBuckets(byKey, fresh.slice(i, i + COUNT_STEP), competitor);
      }
      await merge(workspaceId, [...byKey.values()]);
      return true;
    },

    /**
     * Moves a counted post to the buckets of what it is counted under now (after an agent's
     * correction, or an edit at the source that changed its labels, language or campaigns): it
     * leaves the buckets it was added to, and its author leaves them too unless another of their
     * counted posts of that day is still there. A post already counted as it is now, or not counted
     * yet (it will be counted as it is then), needs nothing: a change told twice moves it once.
     */
    async recount(workspaceId: string, postId: string): Promise<void> {
      const [row] = await lockedPosts(and(eq(p.workspaceId, workspaceId), eq(p.id, postId)));
      if (!row?.rolledUp) return;
      const now = effective(row);
      // Compared decoded: rows marked by the upgrade's migration spell the same JSON differently.
      if (encodeCounted(now) === encodeCounted(counted(row, row.rolledUp))) return;
      const day = startOf(row.postedAt, "day");
      const others = await db
        .select(postColumns)
        .from(p)
        .where(
          and(
            eq(p.authorId, row.authorId),
            gte(p.postedAt, day),
            lt(p.postedAt, new Date(day.getTime() + DAY_MS)),
            ne(p.id, postId),
            isNotNull(p.rolledUp),
          ),
        );
      const competitor = await competitorOf(workspaceId);
      const before = rollupPost(row, counted(row, row.rolledUp));
      const remaining = others.map((o) => rollupPost(o, counted(o, o.rolledUp as string)));
      await merge(
        workspaceId,
        combineDeltas(
          retractDeltas([before], remaining, competitor),
          bucketDeltas([rollupPost(row, now)], competitor),
        ),
      );
      await markCounted([rollupPost(row, now)]);
    },

    /** Takes every counted post of these authors, and the authors, out of the rollups (erasure). */
    async uncountAuthors(workspaceId: string, authorIds: readonly string[]): Promise<void> {
      if (authorIds.length === 0) return;
      const taken: RollupPost[] = [];
      for (let i = 0; i < authorIds.length; i += 500) {
        const rows = await lockedPosts(
          and(
            eq(p.workspaceId, workspaceId),
            inArray(p.authorId, authorIds.slice(i, i + 500)),
            isNotNull(p.rolledUp),
          ),
        );
        taken.push(...rows.map((row) => rollupPost(row, counted(row, row.rolledUp as string))));
      }
      if (taken.length === 0) return;
      await merge(workspaceId, retractDeltas(taken, [], await competitorOf(workspaceId)));
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
