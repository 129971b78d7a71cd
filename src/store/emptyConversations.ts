/**
 * Conversations left without a post (after an erasure or a retention run) go with their work
 * items and replies. One place for both, so what "an empty thread" leaves behind is decided once.
 */
import type { Executor } from "./executor.ts";
import { inArray } from "./orm.ts";

const STEP = 500;

export interface EmptyConversationCounts {
  conversations: number;
  workItems: number;
  replies: number;
}

/** Deletes those of `conversationIds` that no post is left in; counts what went. */
export async function deleteEmptyConversations(
  x: Executor,
  conversationIds: readonly string[],
): Promise<EmptyConversationCounts> {
  const { db } = x;
  const { posts, replies, workItems, conversations } = x.t;
  const counts: EmptyConversationCounts = { conversations: 0, workItems: 0, replies: 0 };
  for (let i = 0; i < conversationIds.length; i += STEP) {
    const chunk = conversationIds.slice(i, i + STEP);
    const alive = new Set(
      (
        await db.select({ id: posts.conversationId }).from(posts).where(inArray(posts.conversationId, chunk))
      ).map((r) => r.id),
    );
    const empty = chunk.filter((id) => !alive.has(id));
    if (empty.length === 0) continue;
    counts.replies += (
      await db.delete(replies).where(inArray(replies.conversationId, empty)).returning({ id: replies.id })
    ).length;
    counts.workItems += (
      await db
        .delete(workItems)
        .where(inArray(workItems.conversationId, empty))
        .returning({ id: workItems.id })
    ).length;
    counts.conversations += (
      await db
        .delete(conversations)
        .where(inArray(conversations.id, empty))
        .returning({ id: conversations.id })
    ).length;
  }
  return counts;
}
