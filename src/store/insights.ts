/** Aggregates over posts for insight screens. Customers' posts only: the brand's own are not voices. */

import { type Executor, isOpen, ofWorkspace } from "./executor.ts";
import { and, asc, count, countDistinct, desc, eq, gt, gte, inArray, lt, max, min, ne, sql } from "./orm.ts";

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
        .where(and(eq(w.workspaceId, workspaceId), isOpen(w.state)));
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
    /** One page of posts for an export, in arrival order after `afterSeq`, with their author and work item. */
    async exportPosts(workspaceId: string, from: Date, to: Date, afterSeq: number, limit: number) {
      const { authors, workItems: w } = x.t;
      return db
        .select({
          seq: posts.seq,
          id: posts.id,
          postedAt: posts.postedAt,
          platform: posts.platform,
          url: posts.url,
          author: authors.handle,
          direction: posts.direction,
          intent: posts.intent,
          sentiment: posts.sentiment,
          sentimentScore: posts.sentimentScore,
          topic: posts.topic,
          language: posts.language,
          urgency: posts.urgency,
          priority: posts.priority,
          needsBrand: posts.needsBrand,
          campaignIds: posts.campaignIds,
          conversationId: posts.conversationId,
          text: posts.text,
          workItemId: w.id,
          workItemState: w.state,
          openedAt: w.createdAt,
          firstResponseAt: w.firstResponseAt,
          closedAt: w.closedAt,
        })
        .from(posts)
        .leftJoin(authors, eq(authors.id, posts.authorId))
        .leftJoin(w, eq(w.postId, posts.id))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            gt(posts.seq, afterSeq),
            gte(posts.postedAt, from),
            lt(posts.postedAt, to),
          ),
        )
        .orderBy(asc(posts.seq))
        .limit(limit);
    },
    /** One page of conversations begun in [from, to) after `afterId`, with their posts' figures and latest work item. */
    async exportConversations(
      workspaceId: string,
      from: Date,
      to: Date,
      afterId: string | null,
      limit: number,
    ) {
      const { conversations: c, workItems: w } = x.t;
      const page = await db
        .select({ id: c.id, platform: c.platform, createdAt: c.createdAt })
        .from(c)
        .where(
          and(
            eq(c.workspaceId, workspaceId),
            gte(c.createdAt, from),
            lt(c.createdAt, to),
            afterId ? gt(c.id, afterId) : undefined,
          ),
        )
        .orderBy(asc(c.id))
        .limit(limit);
      if (page.length === 0) return [];
      const ids = page.map((p) => p.id);
      const figures = await db
        .select({
          conversationId: posts.conversationId,
          posts: count(),
          authors: countDistinct(posts.authorId),
          first: min(posts.postedAt),
          last: max(posts.postedAt),
        })
        .from(posts)
        .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.conversationId, ids)))
        .groupBy(posts.conversationId);
      const items = await db
        .select({
          conversationId: w.conversationId,
          id: w.id,
          state: w.state,
          createdAt: w.createdAt,
          firstResponseAt: w.firstResponseAt,
          closedAt: w.closedAt,
        })
        .from(w)
        .where(and(eq(w.workspaceId, workspaceId), inArray(w.conversationId, ids)))
        .orderBy(asc(w.createdAt));
      const byConversation = new Map(figures.map((f) => [f.conversationId, f]));
      const itemsOf = new Map<string, typeof items>();
      for (const item of items)
        itemsOf.set(item.conversationId, [...(itemsOf.get(item.conversationId) ?? []), item]);
      return page.map((conversation) => ({
        ...conversation,
        figures: byConversation.get(conversation.id) ?? null,
        items: itemsOf.get(conversation.id) ?? [],
      }));
    },
    /** The posts behind one trend point: customers' posts in [from, to) matching every column given, newest first. */
    async postsBehind(
      workspaceId: string,
      from: Date,
      to: Date,
      match: Partial<Record<"intent" | "topic" | "sentiment" | "platform" | "language", string | null>>,
      limit: number,
    ) {
      const { authors, workItems: w } = x.t;
      const conditions = Object.entries(match).map(([column, value]) => {
        const c = posts[column as keyof typeof match];
        return value === null ? sql`${c} is null` : eq(c, value);
      });
      return db
        .select({
          id: posts.id,
          postedAt: posts.postedAt,
          text: posts.text,
          author: authors.handle,
          conversationId: posts.conversationId,
          campaignIds: posts.campaignIds,
          intent: posts.intent,
          sentiment: posts.sentiment,
          topic: posts.topic,
          workItemId: w.id,
        })
        .from(posts)
        .leftJoin(authors, eq(authors.id, posts.authorId))
        .leftJoin(w, eq(w.postId, posts.id))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            gte(posts.postedAt, from),
            lt(posts.postedAt, to),
            ne(posts.direction, "from_brand"),
            ...conditions,
          ),
        )
        .orderBy(desc(posts.postedAt))
        .limit(limit);
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
