/** Aggregates over posts for insight screens. Customers' posts only: the brand's own are not voices. */
import { sql } from "drizzle-orm";
import type { Executor } from "./db.ts";

export interface VoiceRow {
  key: string | null;
  posts: number;
  authors: number;
}

export function insightRepository(db: Executor) {
  async function grouped(workspaceId: string, from: Date, to: Date, column: "intent" | "topic" | null) {
    const key = column === null ? sql`null::text` : sql.raw(`p.${column}`);
    const result = (await db.execute(
      sql`select ${key} as key, count(*)::int as posts, count(distinct p.author_id)::int as authors
          from posts p
          where p.workspace_id = ${workspaceId} and p.posted_at >= ${from.toISOString()}::timestamptz
            and p.posted_at < ${to.toISOString()}::timestamptz and p.direction <> 'from_brand'
          group by 1 order by 3 desc, 2 desc`,
    )) as unknown as { rows: VoiceRow[] };
    return result.rows;
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
