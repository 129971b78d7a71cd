/**
 * The body Parley posts to the external contact center: the hand-off, the work item, its author
 * and labels, the conversation's posts as the agent sees them, and where to report the status.
 * Pure, so its shape is documented and tested apart from delivery.
 */
import type { PostView, WorkItemView } from "./views.ts";

export interface HandoffPayloadInput {
  handoff: { id: string; reason: string; createdAt: Date; by: { id: string; name: string | null } | null };
  item: WorkItemView;
  posts: PostView[];
  callbackUrl: string;
}

function labelsOf(post: PostView) {
  const a = post.analysis;
  const c = post.correction;
  return {
    language: a?.language ?? post.language,
    intent: c?.intent ?? a?.intent.label ?? null,
    sentiment: c?.sentiment ?? a?.sentiment.label ?? null,
    topic: c?.topic ?? a?.topic.label ?? null,
    urgency: a?.urgency.level ?? null,
    priority: a?.priority ?? null,
  };
}

export function handoffPayload(input: HandoffPayloadInput) {
  const { handoff, item, posts, callbackUrl } = input;
  const author = item.post.author;
  return {
    type: "parley.handoff",
    handoff: {
      id: handoff.id,
      reason: handoff.reason,
      createdAt: handoff.createdAt.toISOString(),
      by: handoff.by,
    },
    workItem: {
      id: item.id,
      priority: item.priority,
      queue: item.queue,
      createdAt: item.createdAt,
      postId: item.post.id,
    },
    author: {
      platform: item.post.platform,
      handle: author.handle,
      name: author.name,
      followers: author.followers,
      verified: author.verified,
    },
    labels: labelsOf(item.post),
    conversation: {
      id: item.conversationId,
      platform: item.post.platform,
      posts: posts.map((p) => ({
        id: p.id,
        platformId: p.platformId,
        url: p.url,
        createdAt: p.createdAt,
        channel: p.channel,
        replyToPostId: p.replyToPostId,
        text: p.text,
        author: { handle: p.author.handle, name: p.author.name, isBrand: p.author.isBrand },
      })),
    },
    callback: {
      url: callbackUrl,
      statuses: ["accepted", "assigned", "handled", "rejected"],
    },
  };
}

export type HandoffPayload = ReturnType<typeof handoffPayload>;
