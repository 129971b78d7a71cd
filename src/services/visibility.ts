/**
 * What each role may see of a post. Analysts work with trends, not with customers: the personal
 * data found in a post (emails, phone, card and account numbers) is redacted from the text they
 * get. Agents, supervisors and admins, who answer the customer, see it whole.
 */
import { redact } from "../analysis/index.ts";
import type { ConversationView, PostView, Role, WorkItemView } from "../domain/views.ts";

const SEES_PERSONAL_DATA: ReadonlySet<Role> = new Set(["admin", "supervisor", "agent"]);

export function postFor(role: Role, post: PostView): PostView {
  if (SEES_PERSONAL_DATA.has(role) || !post.analysis?.pii.length) return post;
  return { ...post, text: redact(post.text, post.analysis.pii) };
}

export function workItemFor(role: Role, item: WorkItemView): WorkItemView {
  const post = postFor(role, item.post);
  return post === item.post ? item : { ...item, post };
}

export function conversationFor(role: Role, conversation: ConversationView): ConversationView {
  return {
    ...conversation,
    posts: conversation.posts.map((p) => postFor(role, p)),
    workItems: conversation.workItems.map((w) => workItemFor(role, w)),
  };
}
