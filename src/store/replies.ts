/**
 * Replies to work items: written queued with their `reply.queued` event, then marked sent (with the
 * platform's id and address) or failed (with the reason) by the job that sends them.
 */
import type { Executor } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

export type ReplyStatus = "awaiting_approval" | "rejected" | "queued" | "sent" | "failed";

export interface ReplyRow {
  id: string;
  workspaceId: string;
  workItemId: string | null;
  conversationId: string;
  inReplyToPostId: string | null;
  authorUserId: string | null;
  sourceId: string | null;
  channel: "public" | "private";
  text: string;
  status: string;
  platformId: string | null;
  url: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
  approvalRules: string[];
  decidedByUserId: string | null;
  decidedAt: Date | null;
  rejectReason: string | null;
  /** The name of the user who wrote it, when read with it. */
  authorName?: string | null;
}

/** What answering a work item needs to know: its thread, the post answered and the source it came by. */
export interface ReplyTarget {
  workItemId: string;
  conversationId: string;
  platform: string;
  sourceId: string | null;
  post: {
    id: string;
    platformId: string;
    channel: "public" | "private";
    authorHandle: string;
    authorPlatformId: string;
  };
}

export function replyRepository(x: Executor) {
  const { db } = x;
  const { replies, workItems, conversations, posts, authors, users } = x.t;
  const withAuthor = () =>
    db
      .select({ reply: replies, authorName: users.name })
      .from(replies)
      .leftJoin(users, eq(users.id, replies.authorUserId));
  return {
    async target(workspaceId: string, workItemId: string): Promise<ReplyTarget | null> {
      const [row] = await db
        .select({
          workItemId: workItems.id,
          conversationId: workItems.conversationId,
          platform: conversations.platform,
          sourceId: conversations.sourceId,
          postId: posts.id,
          postPlatformId: posts.platformId,
          channel: posts.channel,
          authorHandle: authors.handle,
          authorPlatformId: authors.platformId,
        })
        .from(workItems)
        .innerJoin(conversations, eq(conversations.id, workItems.conversationId))
        .innerJoin(posts, eq(posts.id, workItems.latestPostId))
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, workItemId)));
      if (!row) return null;
      return {
        workItemId: row.workItemId,
        conversationId: row.conversationId,
        platform: row.platform,
        sourceId: row.sourceId,
        post: {
          id: row.postId,
          platformId: row.postPlatformId,
          channel: row.channel,
          authorHandle: row.authorHandle,
          authorPlatformId: row.authorPlatformId,
        },
      };
    },

    /** The post a reply answers, as the connector needs it to thread the reply. */
    async answered(
      workspaceId: string,
      postId: string,
    ): Promise<{
      platform: string;
      platformId: string;
      authorHandle: string;
      rootPlatformId: string;
    } | null> {
      const [row] = await db
        .select({
          platform: posts.platform,
          platformId: posts.platformId,
          authorHandle: authors.handle,
          rootPlatformId: conversations.rootPlatformId,
        })
        .from(posts)
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .innerJoin(conversations, eq(conversations.id, posts.conversationId))
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
      return row ?? null;
    },

    async create(input: {
      workspaceId: string;
      /** Null for a message in a thread that has no work item (a link confirmation's). */
      workItemId: string | null;
      conversationId: string;
      inReplyToPostId: string;
      /** Null for the brand's own messages (a survey's invitation). */
      authorUserId: string | null;
      sourceId: string;
      channel: "public" | "private";
      text: string;
      /** The approval rules it matched: it waits for a supervisor when there are any. */
      approvalRules?: string[];
    }): Promise<ReplyRow> {
      const approvalRules = input.approvalRules ?? [];
      const [row] = await db
        .insert(replies)
        .values({
          ...input,
          approvalRules,
          status: approvalRules.length > 0 ? "awaiting_approval" : "queued",
        })
        .returning();
      return row as ReplyRow;
    },

    async get(workspaceId: string, id: string): Promise<ReplyRow | null> {
      const [row] = await withAuthor().where(and(eq(replies.workspaceId, workspaceId), eq(replies.id, id)));
      return row ? ({ ...row.reply, authorName: row.authorName } as ReplyRow) : null;
    },

    async forWorkItem(workspaceId: string, workItemId: string): Promise<ReplyRow[]> {
      const rows = await withAuthor()
        .where(and(eq(replies.workspaceId, workspaceId), eq(replies.workItemId, workItemId)))
        .orderBy(asc(replies.createdAt), asc(replies.id));
      return rows.map((r) => ({ ...r.reply, authorName: r.authorName }) as ReplyRow);
    },

    /** Marks a queued reply sent; false when it was not queued any more (sent or failed before). */
    async markSent(id: string, sent: { platformId: string; url: string | null; at: Date }): Promise<boolean> {
      const rows = await db
        .update(replies)
        .set({ status: "sent", platformId: sent.platformId, url: sent.url, sentAt: sent.at, error: null })
        .where(and(eq(replies.id, id), eq(replies.status, "queued")))
        .returning({ id: replies.id });
      return rows.length > 0;
    },

    /** Approves a waiting reply (with the supervisor's edit, if any); false when it was not waiting. */
    async approve(id: string, decision: { by: string; at: Date; text?: string }): Promise<boolean> {
      const rows = await db
        .update(replies)
        .set({
          status: "queued",
          decidedByUserId: decision.by,
          decidedAt: decision.at,
          ...(decision.text !== undefined ? { text: decision.text } : {}),
        })
        .where(and(eq(replies.id, id), eq(replies.status, "awaiting_approval")))
        .returning({ id: replies.id });
      return rows.length > 0;
    },

    async reject(id: string, decision: { by: string; at: Date; reason: string }): Promise<boolean> {
      const rows = await db
        .update(replies)
        .set({
          status: "rejected",
          decidedByUserId: decision.by,
          decidedAt: decision.at,
          rejectReason: decision.reason,
        })
        .where(and(eq(replies.id, id), eq(replies.status, "awaiting_approval")))
        .returning({ id: replies.id });
      return rows.length > 0;
    },

    /** The workspace's replies waiting for approval, oldest first. */
    async awaiting(workspaceId: string, limit: number): Promise<ReplyRow[]> {
      const rows = await withAuthor()
        .where(and(eq(replies.workspaceId, workspaceId), eq(replies.status, "awaiting_approval")))
        .orderBy(asc(replies.createdAt), asc(replies.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.reply, authorName: r.authorName }) as ReplyRow);
    },

    async markFailed(id: string, reason: string): Promise<boolean> {
      const rows = await db
        .update(replies)
        .set({ status: "failed", error: reason })
        .where(and(eq(replies.id, id), eq(replies.status, "queued")))
        .returning({ id: replies.id });
      return rows.length > 0;
    },
  };
}
