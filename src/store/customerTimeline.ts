/**
 * One customer's history across their linked profiles: their posts on every platform (emails,
 * from email sources, as their own kind), the work items those posts opened and agents' notes on
 * them, the brand's replies in their conversations, and their survey invitations and answers,
 * newest first.
 */
import { type Executor, ofWorkspace } from "./executor.ts";
import { and, desc, eq, inArray } from "./orm.ts";

export type TimelineKind =
  | "post"
  | "email"
  | "work_item"
  | "reply"
  | "note"
  | "survey_invitation"
  | "survey_answer";

export interface TimelineEntry {
  kind: TimelineKind;
  at: Date;
  id: string;
  conversationId: string;
  platform: string;
  text: string;
  channel: "public" | "private" | null;
  /**
   * A post's author handle, a work item's state, a reply's status, a note's writer, a survey's
   * state (`invited`, `answered`) or its rating (`4/5`).
   */
  detail: string;
  url: string | null;
}

export function customerTimelineRepository(x: Executor) {
  const { db } = x;
  const { posts, authors, workItems, replies, conversations, notes, users, surveys } = x.t;
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
      const itemIds = items.map((i) => i.id);
      const written = itemIds.length
        ? await db
            .select({
              id: notes.id,
              at: notes.createdAt,
              conversationId: notes.conversationId,
              workItemId: notes.workItemId,
              text: notes.text,
              writer: users.name,
            })
            .from(notes)
            .leftJoin(users, eq(users.id, notes.authorUserId))
            .where(and(eq(notes.workspaceId, workspaceId), inArray(notes.workItemId, itemIds)))
            .orderBy(desc(notes.createdAt))
            .limit(limit)
        : [];
      const asked = await db
        .select({
          id: surveys.id,
          conversationId: surveys.conversationId,
          platform: conversations.platform,
          invitedAt: surveys.invitedAt,
          answeredAt: surveys.answeredAt,
          score: surveys.score,
          answerPostId: surveys.answerPostId,
        })
        .from(surveys)
        .innerJoin(conversations, eq(conversations.id, surveys.conversationId))
        .where(and(eq(surveys.workspaceId, workspaceId), inArray(surveys.authorId, authorIds)))
        .orderBy(desc(surveys.invitedAt))
        .limit(limit);
      const byPost = new Map(own.map((p) => [p.id, p]));
      const itemById = new Map(items.map((i) => [i.id, i]));
      const entries: TimelineEntry[] = [
        ...own.map((p) => ({
          kind: p.platform === "email" ? ("email" as const) : ("post" as const),
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
        ...written.map((n) => ({
          kind: "note" as const,
          at: n.at,
          id: n.id,
          conversationId: n.conversationId,
          platform: byPost.get(itemById.get(n.workItemId)?.postId ?? "")?.platform ?? "",
          text: n.text,
          channel: null,
          detail: n.writer ?? "",
          url: null,
        })),
        ...asked.flatMap((v) => [
          {
            kind: "survey_invitation" as const,
            at: v.invitedAt,
            id: v.id,
            conversationId: v.conversationId,
            platform: v.platform,
            text: "",
            channel: null,
            detail: v.answeredAt ? "answered" : "invited",
            url: null,
          },
          ...(v.answeredAt && v.score !== null
            ? [
                {
                  kind: "survey_answer" as const,
                  at: v.answeredAt,
                  id: v.id,
                  conversationId: v.conversationId,
                  platform: v.platform,
                  text: byPost.get(v.answerPostId ?? "")?.text ?? "",
                  channel: null,
                  detail: `${v.score}/5`,
                  url: null,
                },
              ]
            : []),
        ]),
      ];
      return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
    },
  };
}
