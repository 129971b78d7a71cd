/**
 * One customer's history across their linked profiles: their posts on every platform, the work
 * items those posts opened, and the brand's replies in their conversations, newest first.
 */
import { type Executor, ofWorkspace } from "./executor.ts";
import { and, desc, eq, inArray } from "./orm.ts";

export interface TimelineEntry {
  kind: "post" | "work_item" | "reply";
  at: Date;
  id: string;
  conversationId: string;
  platform: string;
  text: string;
  channel: "public" | "private" | null;
  /** A post's author handle, a work item's state, a reply's status. */
  detail: string;
  url: string | null;
}

export function customerTimelineRepository(x: Executor) {
  const { db } = x;
  const { posts, authors, workItems, replies, conversations } = x.t;
  return {
    async forAuthors(workspaceId: string, authorIds: string[], limit: number): Promise<TimelineEntry[]> {
      if (authorIds.length === 0) return [];
      const own = await db
        .select({
          id: posts.id,
          at: posts.postedAt,
          conversationId: posts.conversationId,
          platform: posts.platform,
          text: posts.text,
          channel: posts.channel,
          handle: authors.handle,
          url: posts.url,
        })
        .from(posts)
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.authorId, authorIds)))
        .orderBy(desc(posts.postedAt))
        .limit(limit);
      const postIds = own.map((p) => p.id);
      const conversationIds = [...new Set(own.map((p) => p.conversationId))];
      const items = postIds.length
        ? await db
            .select({
              id: workItems.id,
              at: workItems.createdAt,
              conversationId: workItems.conversationId,
              state: workItems.state,
              postId: workItems.postId,
            })
            .from(workItems)
            .where(and(eq(workItems.workspaceId, workspaceId), inArray(workItems.postId, postIds)))
        : [];
      const answers = conversationIds.length
        ? await db
            .select({
              id: replies.id,
              at: replies.createdAt,
              sentAt: replies.sentAt,
              conversationId: replies.conversationId,
              platform: conversations.platform,
              text: replies.text,
              channel: replies.channel,
              status: replies.status,
              url: replies.url,
            })
            .from(replies)
            .innerJoin(conversations, eq(conversations.id, replies.conversationId))
            .where(
              and(eq(replies.workspaceId, workspaceId), inArray(replies.conversationId, conversationIds)),
            )
        : [];
      const byPost = new Map(own.map((p) => [p.id, p]));
      const entries: TimelineEntry[] = [
        ...own.map((p) => ({
          kind: "post" as const,
          at: p.at,
          id: p.id,
          conversationId: p.conversationId,
          platform: p.platform,
          text: p.text,
          channel: p.channel,
          detail: p.handle,
          url: p.url,
        })),
        ...items.map((i) => ({
          kind: "work_item" as const,
          at: i.at,
          id: i.id,
          conversationId: i.conversationId,
          platform: byPost.get(i.postId)?.platform ?? "",
          text: byPost.get(i.postId)?.text ?? "",
          channel: null,
          detail: i.state,
          url: null,
        })),
        ...answers.map((r) => ({
          kind: "reply" as const,
          at: r.sentAt ?? r.at,
          id: r.id,
          conversationId: r.conversationId,
          platform: r.platform,
          text: r.text,
          channel: r.channel,
          detail: r.status,
          url: r.url,
        })),
      ];
      return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
    },
  };
}
