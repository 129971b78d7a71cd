/**
 * The domain events: what happened, written in the same transaction as the change (the outbox,
 * `src/store/events.ts`) and relayed after commit. Consumers are idempotent by event id: an event
 * may reach a consumer twice (a crash between handling and acknowledging), never zero times.
 */

export interface EventData {
  /** A batch of posts was stored (one event per batch, not per post). */
  "posts.stored": { postIds: string[]; sourceId?: string };
  /** A post that needs the brand opened a work item. */
  "work_item.opened": { workItemId: string };
  /** A new post joined an open work item's conversation. */
  "work_item.updated": { workItemId: string };
  /** The work item changed state (claimed, released, resolved, discarded, handed off). */
  "work_item.moved": {
    workItemId: string;
    from: string;
    to: string;
    actorUserId: string | null;
    /** Why it was discarded, when it was. */
    reason?: string;
  };
  /** The work item was given to an agent, or taken back (`agentUserId` null). */
  "work_item.assigned": { workItemId: string; agentUserId: string | null; actorUserId: string | null };
  /**
   * The item was put in a queue: by a routing rule, back in the queue of its conversation's handled
   * item when the customer wrote again (`reopened`), by an overflow or a transfer.
   */
  "work_item.queued": {
    workItemId: string;
    queueId: string | null;
    reason: "rule" | "reopened" | "overflow" | "transfer" | "escalation";
    /** Who moved it, for a transfer. */
    actorUserId?: string | null;
  };
  /** The item was offered to an agent, reserved for them until `expiresAt`. */
  "work_item.offered": { workItemId: string; agentUserId: string; expiresAt: string };
  /** An offer ended without an accept: declined, run out, or the agent went away. */
  "work_item.offer_withdrawn": {
    workItemId: string;
    agentUserId: string;
    reason: "declined" | "expired" | "unavailable";
  };
  /** An agent's presence changed (by hand, or away after being idle). */
  "agent.presence_changed": { userId: string; presence: string; automatic: boolean };
  /** Queues or routing rules changed. */
  "routing.changed": { change: "queue" | "rule" | "settings" };
  "campaign.changed": { campaignId: string; change: "created" | "updated" | "deleted" };
  /** The workspace's models learnt from an agent (a correction, a resolve, a discard). */
  "models.changed": { reason: string };
  /** The workspace's settings changed (brand, handles, languages, taxonomy). */
  "workspace.changed": Record<string, never>;
  "source.changed": { sourceId: string; change: "created" | "updated" | "deleted" | "enabled" | "disabled" };
  /** A source stopped on an error it cannot retry (refused credentials, bad settings). */
  "source.failed": { sourceId: string; reason: string };
  "reply.queued": { replyId: string; workItemId: string };
  "reply.sent": { replyId: string; workItemId: string; platformId: string };
  "reply.failed": { replyId: string; workItemId: string; reason: string };
  /** An item's SLA standing changed (on time, at risk, breached). */
  "sla.state_changed": { workItemId: string; policyId: string; from: string; to: string };
  /** An SLA policy's escalation asked for people to be told about an item. */
  "sla.escalated": { workItemId: string; policyId: string; target: string; when: "at_risk" | "breached" };
  /** SLA policies or calendars changed. */
  "sla.changed": { change: "policy" | "calendar" };
  /**
   * A work item was handed off to the external contact center (it is `queued_external`), or the
   * hand-off took a status: delivered, reported back (accepted, assigned, handled, rejected) or
   * failed. SLA clocks hear these to pause while the item is outside and to stop on `handled`.
   */
  "handoff.queued": { handoffId: string; workItemId: string };
  "handoff.status_changed": { handoffId: string; workItemId: string; status: string };
  /** A reply matched an approval rule: it waits for a supervisor instead of being queued. */
  "reply.awaiting_approval": { replyId: string; workItemId: string };
  /** A supervisor rejected a waiting reply (an approval emits `reply.queued`). */
  "reply.rejected": { replyId: string; workItemId: string; reason: string };
  /** A survey invitation was queued for a resolved item's customer. */
  "survey.invited": { surveyId: string; workItemId: string; replyId: string };
  /** A customer's post was read as their rating. */
  "survey.answered": { surveyId: string; workItemId: string; score: number; postId: string };
}

export type EventType = keyof EventData;

export const EVENT_TYPES = [
  "posts.stored",
  "work_item.opened",
  "work_item.updated",
  "work_item.moved",
  "work_item.assigned",
  "work_item.queued",
  "work_item.offered",
  "work_item.offer_withdrawn",
  "agent.presence_changed",
  "routing.changed",
  "campaign.changed",
  "models.changed",
  "workspace.changed",
  "source.changed",
  "source.failed",
  "reply.queued",
  "reply.sent",
  "reply.failed",
  "sla.state_changed",
  "sla.escalated",
  "sla.changed",
  "handoff.queued",
  "handoff.status_changed",
  "reply.awaiting_approval",
  "reply.rejected",
  "survey.invited",
  "survey.answered",
] as const satisfies readonly EventType[];

/** An event about to be written. */
export type NewEvent = {
  [T in EventType]: { type: T; workspaceId: string | null; data: EventData[T] };
}[EventType];

/** An event as read back from the log: with its id, its place in the log and its time. */
export type DomainEvent = NewEvent & { id: string; seq: number; at: Date };

export function newEvent<T extends EventType>(
  type: T,
  workspaceId: string | null,
  data: EventData[T],
): NewEvent {
  return { type, workspaceId, data } as NewEvent;
}

/** Events after which a workspace's cached context (campaigns, models, settings) is stale. */
export const CONTEXT_EVENTS: ReadonlySet<EventType> = new Set([
  "campaign.changed",
  "models.changed",
  "workspace.changed",
]);

/** Events a work-item screen shows (a reply's state is shown on its item). */
export const WORK_ITEM_EVENTS: ReadonlySet<EventType> = new Set([
  "work_item.opened",
  "work_item.updated",
  "work_item.moved",
  "work_item.assigned",
  "reply.queued",
  "reply.sent",
  "reply.failed",
  "reply.awaiting_approval",
  "reply.rejected",
  "work_item.queued",
  "work_item.offered",
  "work_item.offer_withdrawn",
  "sla.state_changed",
  "sla.escalated",
  "handoff.queued",
  "handoff.status_changed",
]);

export function workItemIdOf(event: NewEvent): string | null {
  return WORK_ITEM_EVENTS.has(event.type) ? (event.data as { workItemId: string }).workItemId || null : null;
}
