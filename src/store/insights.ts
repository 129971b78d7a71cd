/** Aggregates over posts for insight screens. Customers' posts only: the brand's own are not voices. */

import type { Executor } from "./executor.ts";
import { and, count, countDistinct, desc, eq, gte, lt, ne, sql } from "./orm.ts";

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
