/** Aggregates over posts for insight screens. Customers' posts only: the brand's own are not voices. */

import type { RollupPost } from "../domain/insight/rollup.ts";
import type { Executor } from "./executor.ts";
import { and, count, countDistinct, desc, eq, gte, inArray, lt, ne, sql } from "./orm.ts";

export interface VoiceRow {
  key: string | null;
  posts: number;
  authors: number;
}

export function insightRepository(x: Executor) {
  const { db } = x;
  const { posts } = x.t;
  async function grouped(workspaceId: string, from: Date, to: Date, column: "intent" | "topic" | null) {
    const key = column === null ? sql<string | null>`null` : posts[column];
    const voices = countDistinct(posts.authorId);
    const query = db
      .select({ key, posts: count(), authors: voices })
      .from(posts)
      .where(
        and(
          eq(posts.workspaceId, workspaceId),
          gte(posts.postedAt, from),
          lt(posts.postedAt, to),
          ne(posts.direction, "from_brand"),
        ),
      );
    if (column === null) return (await query) as VoiceRow[];
    return (await query.groupBy(posts[column]).orderBy(desc(voices), desc(count()))) as VoiceRow[];
  }
  return {
    /** What the rollups need of these posts (the ones still stored). */
    async forRollup(workspaceId: string, postIds: readonly string[]): Promise<RollupPost[]> {
      const out: RollupPost[] = [];
      for (let i = 0; i < postIds.length; i += 500) {
        const rows = await db
          .select({
            authorId: posts.authorId,
            postedAt: posts.postedAt,
            direction: posts.direction,
            intent: posts.intent,
            topic: posts.topic,
            sentiment: posts.sentiment,
            platform: posts.platform,
            language: posts.language,
            campaignIds: posts.campaignIds,
          })
          .from(posts)
          .where(and(eq(posts.workspaceId, workspaceId), inArray(posts.id, postIds.slice(i, i + 500))));
        out.push(...rows);
      }
      return out;
    },
    /** Work items opened in [from, to): their state and times. */
    async itemTimings(workspaceId: string, from: Date, to: Date) {
      const { workItems: w } = x.t;
      return db
        .select({
          state: w.state,
          createdAt: w.createdAt,
          firstResponseAt: w.firstResponseAt,
          closedAt: w.closedAt,
        })
        .from(w)
        .where(and(eq(w.workspaceId, workspaceId), gte(w.createdAt, from), lt(w.createdAt, to)));
    },
    /** When each open item (new or reserved) was opened. */
    async openSince(workspaceId: string): Promise<Date[]> {
      const { workItems: w } = x.t;
      const rows = await db
        .select({ createdAt: w.createdAt })
        .from(w)
        .where(and(eq(w.workspaceId, workspaceId), inArray(w.state, ["new", "reserved"])));
      return rows.map((r) => r.createdAt);
    },
    /** Items each agent resolved in [from, to). */
    async handledPerAgent(workspaceId: string, from: Date, to: Date) {
      const { workItems: w, users } = x.t;
      const rows = await db
        .select({ userId: w.assigneeId, name: users.name, handled: count() })
        .from(w)
        .innerJoin(users, eq(users.id, w.assigneeId))
        .where(
          and(
            eq(w.workspaceId, workspaceId),
            eq(w.state, "handled"),
            gte(w.closedAt, from),
            lt(w.closedAt, to),
          ),
        )
        .groupBy(w.assigneeId, users.name);
      return rows.map((r) => ({ userId: r.userId as string, name: r.name, handled: Number(r.handled) }));
    },
    /** Posts and distinct authors in a window, in total, by intent and by topic. */
    async voices(workspaceId: string, from: Date, to: Date) {
      const [total, byIntent, byTopic] = await Promise.all([
        grouped(workspaceId, from, to, null),
        grouped(workspaceId, from, to, "intent"),
        grouped(workspaceId, from, to, "topic"),
      ]);
      return { total: total[0] ?? { key: null, posts: 0, authors: 0 }, byIntent, byTopic };
    },
  };
}
