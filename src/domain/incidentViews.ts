/** What the API says about incidents, and what an answer to one is. */
import { z } from "zod";

const id = z.uuid();
const timestamp = z.iso.datetime();

export const incidentCountsView = z.object({
  /** Work items in the incident. */
  items: z.number().int(),
  /** Items the answer wrote a reply to, could not (`failed`) or passed over (closed by then). */
  replied: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  /** Items handled or discarded. */
  closed: z.number().int(),
  /** The answer's replies by their state. */
  sent: z.number().int(),
  queued: z.number().int(),
  replyFailed: z.number().int(),
  awaitingApproval: z.number().int(),
});

export const incidentView = z.object({
  id,
  ruleId: id.nullable(),
  alertId: id.nullable(),
  dimension: z.string(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  /**
   * `open` gathers items; `answering`: the one answer was given and is being written to each item
   * in the background; `answered`: every item has been through it.
   */
  state: z.enum(["open", "answering", "answered"]),
  answerText: z.string().nullable(),
  answeredBy: id.nullable(),
  answeredAt: timestamp.nullable(),
  createdAt: timestamp,
  counts: incidentCountsView,
});

export const incidentItemView = z.object({
  workItemId: id,
  /** The work item's state; null when the item is gone. */
  state: z.string().nullable(),
  conversationId: id.nullable(),
  text: z.string().nullable(),
  author: z.string().nullable(),
  addedAt: timestamp,
  outcome: z.enum(["replied", "skipped", "failed"]).nullable(),
  error: z.string().nullable(),
  replyId: id.nullable(),
  replyStatus: z.string().nullable(),
});

export const incidentDetailView = incidentView.extend({
  items: z.array(incidentItemView),
  /** Opened, items joined, answered, replies sent: oldest first. */
  timeline: z.array(z.object({ at: timestamp, what: z.string() })),
});

export const incidentAnswerInput = z
  .object({
    /** One text for every item; `{{customer_name}}`, `{{agent_name}}` and `{{brand_name}}` are filled per item. */
    text: z.string().trim().min(1).max(5000),
  })
  .strict();

export type IncidentView = z.infer<typeof incidentView>;
export type IncidentItemView = z.infer<typeof incidentItemView>;
export type IncidentDetailView = z.infer<typeof incidentDetailView>;
export type IncidentAnswerInput = z.infer<typeof incidentAnswerInput>;
