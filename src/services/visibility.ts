/**
 * What each role may see of a post. Analysts work with trends, not with customers: the personal
 * data the PII detector finds (emails, phone, card and account numbers) is redacted from every
 * free-text field they get — the text, the author's handle and name, the post's URL and id (and
 * those of the post it is grouped with), and the analysis' explanations, which quote the text. Agents, supervisors and admins, who answer the
 * customer, see it whole. Every route, the live socket and every export present posts through here.
 */
import { findPii, redact } from "../analysis/index.ts";
import type { Analysis } from "../domain/analysis.ts";
import type { ConversationView, PostView, Role, WorkItemView } from "../domain/views.ts";

const SEES_PERSONAL_DATA: ReadonlySet<Role> = new Set(["admin", "supervisor", "agent"]);

export function seesPersonalData(role: Role): boolean {
  return SEES_PERSONAL_DATA.has(role);
}

/** The text with whatever personal data the detector finds in it replaced by placeholders. */
export function scrub(text: string): string {
  const found = findPii(text);
  return found.length === 0 ? text : redact(text, found);
}

function scrubAnalysis(analysis: Analysis): Analysis {
  return {
    ...analysis,
    explanation: scrub(analysis.explanation),
    direction: { ...analysis.direction, explanation: scrub(analysis.direction.explanation) },
    intent: { ...analysis.intent, explanation: scrub(analysis.intent.explanation) },
    sentiment: { ...analysis.sentiment, explanation: scrub(analysis.sentiment.explanation) },
    topic: { ...analysis.topic, explanation: scrub(analysis.topic.explanation) },
    urgency: { ...analysis.urgency, explanation: scrub(analysis.urgency.explanation) },
    influence: { ...analysis.influence, explanation: scrub(analysis.influence.explanation) },
  };
}

export function postFor(role: Role, post: PostView): PostView {
  if (seesPersonalData(role)) return post;
  const { analysis, author } = post;
  return {
    ...post,
    platformId: scrub(post.platformId),
    // The stored findings locate the personal data in the text exactly; without them, detect it.
    text: analysis ? redact(post.text, analysis.pii) : scrub(post.text),
    url: post.url === null ? null : scrub(post.url),
    // The original's id and link are another post's, with whatever they hold.
    original: post.original && {
      ...post.original,
      platformId: scrub(post.original.platformId),
      url: post.original.url === null ? null : scrub(post.original.url),
    },
    author: {
      ...author,
      handle: scrub(author.handle),
      name: author.name === null ? null : scrub(author.name),
    },
    analysis: analysis ? scrubAnalysis(analysis) : null,
  };
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

/** Whose presence a user hears on the live socket: supervisors and admins everyone's, others their own. */
export function hearsPresenceOf(role: Role, userId: string, agentId: string): boolean {
  return role === "admin" || role === "supervisor" || userId === agentId;
}
