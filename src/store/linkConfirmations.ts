/**
 * Requests that a customer confirm a link themselves (a one-time link in a private message). Rows
 * are found by the hash of the token the customer presents, or by the reply that carries it.
 */
import type { Executor, Tables } from "./executor.ts";
import { and, desc, eq, gt, isNotNull, isNull } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

export type LinkConfirmationRow = Tables["linkConfirmations"]["$inferSelect"];

export function linkConfirmationRepository(x: Executor) {
  const { db } = x;
  const { linkConfirmations, posts, conversations, workItems } = x.t;
  return {
    /**
     * The profile's latest private messages in threads that came by a source (not imported),
     * newest first, each with its thread's latest work item: where a private answer can go.
     */
    async privateThreads(workspaceId: string, authorId: string, limit = 5) {
      const rows = await db
        .select({
          postId: posts.id,
          conversationId: conversations.id,
          sourceId: conversations.sourceId,
        })
        .from(posts)
        .innerJoin(conversations, eq(conversations.id, posts.conversationId))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.authorId, authorId),
            eq(posts.channel, "private"),
            isNotNull(conversations.sourceId),
          ),
        )
        .orderBy(desc(posts.postedAt))
        .limit(limit);
      const out: { postId: string; conversationId: string; sourceId: string; workItemId: string | null }[] =
        [];
      for (const r of rows) {
        const [item] = await db
          .select({ id: workItems.id })
          .from(workItems)
          .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.conversationId, r.conversationId)))
          .orderBy(desc(workItems.createdAt))
          .limit(1);
        out.push({
          postId: r.postId,
          conversationId: r.conversationId,
          sourceId: r.sourceId!,
          workItemId: item?.id ?? null,
        });
      }
      return out;
    },

    /** A fresh id for a request, known before its row is written (its token is derived from it). */
    newId: (): string => uuid7(),

    async create(input: {
      id: string;
      workspaceId: string;
      customerId: string;
      authorId: string;
      tokenHash: string;
      replyId: string;
      requestedBy: string;
      expiresAt: Date;
    }): Promise<LinkConfirmationRow> {
      const [row] = await db.insert(linkConfirmations).values(input).returning();
      return row!;
    },

    async byTokenHash(tokenHash: string): Promise<LinkConfirmationRow | null> {
      const [row] = await db
        .select()
        .from(linkConfirmations)
        .where(eq(linkConfirmations.tokenHash, tokenHash));
      return row ?? null;
    },

    async byReply(workspaceId: string, replyId: string): Promise<LinkConfirmationRow | null> {
      const [row] = await db
        .select()
        .from(linkConfirmations)
        .where(and(eq(linkConfirmations.workspaceId, workspaceId), eq(linkConfirmations.replyId, replyId)));
      return row ?? null;
    },

    /** Marks the request used while it is unused and unexpired; false when another use came first. */
    async use(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(linkConfirmations)
        .set({ usedAt: at })
        .where(
          and(
            eq(linkConfirmations.id, id),
            isNull(linkConfirmations.usedAt),
            gt(linkConfirmations.expiresAt, at),
          ),
        )
        .returning({ id: linkConfirmations.id });
      return rows.length > 0;
    },
  };
}
