/**
 * A work item's history, read from its domain events: which event is which step (opened, routed,
 * offered, claimed, transferred, replied, resolved, reopened…), who took it and what it concerned.
 * Pure: the outbox relay stores what this returns, once per event.
 */
import type { DomainEvent } from "./events.ts";

export const HISTORY_KINDS = [
  "opened",
  "routed",
  "offered",
  "offer_ended",
  "claimed",
  "transferred",
  "released",
  "resolved",
  "discarded",
  "reopened",
  "handed_off",
  "returned",
  "handoff_status",
  "reply_queued",
  "reply_held",
  "reply_rejected",
  "replied",
  "reply_failed",
  "sla",
  "survey_invited",
  "survey_answered",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** Detail keys whose values are people's own words (a rejection's reason, a platform's refusal). */
export const FREE_TEXT_DETAIL: ReadonlySet<string> = new Set(["reason"]);

export interface HistoryRow {
  eventId: string;
  workspaceId: string;
  workItemId: string;
  seq: number;
  at: Date;
  kind: HistoryKind;
  /** Who did it; null for Parley itself or the customer. */
  actorUserId: string | null;
  /** The agent it concerned (offered to, given to). */
  agentUserId: string | null;
  queueId: string | null;
  detail: Record<string, string | number>;
}

type Step = Pick<HistoryRow, "kind"> &
  Partial<Pick<HistoryRow, "actorUserId" | "agentUserId" | "queueId" | "detail">>;

const CLOSED = new Set(["handled", "discarded"]);

function stepOf(event: DomainEvent): Step | null {
  switch (event.type) {
    case "work_item.opened":
      return { kind: "opened" };
    case "work_item.moved": {
      const { from, to, actorUserId, reason } = event.data;
      const by = { actorUserId };
      // Taking the item is told by its `work_item.assigned`, which names the agent.
      if (to === "reserved") return null;
      if (to === "handled") return { kind: "resolved", ...by };
      if (to === "discarded") return { kind: "discarded", ...by, detail: reason ? { reason } : {} };
      if (to === "queued_external") return { kind: "handed_off", ...by };
      if (to === "new" && CLOSED.has(from)) return { kind: "reopened", ...by };
      if (to === "new" && from === "queued_external") return { kind: "returned", ...by };
      if (to === "new" && from === "reserved") return { kind: "released", ...by };
      return null;
    }
    case "work_item.assigned": {
      const { agentUserId, actorUserId } = event.data;
      if (!agentUserId) return null;
      return agentUserId === actorUserId
        ? { kind: "claimed", actorUserId, agentUserId }
        : { kind: "transferred", actorUserId, agentUserId };
    }
    case "work_item.queued": {
      const { queueId, reason, actorUserId } = event.data;
      return reason === "transfer"
        ? { kind: "transferred", actorUserId: actorUserId ?? null, queueId }
        : { kind: "routed", queueId, detail: { reason } };
    }
    case "work_item.offered":
      return {
        kind: "offered",
        agentUserId: event.data.agentUserId,
        detail: { until: event.data.expiresAt },
      };
    case "work_item.offer_withdrawn":
      return {
        kind: "offer_ended",
        agentUserId: event.data.agentUserId,
        detail: { reason: event.data.reason },
      };
    case "reply.queued":
      return { kind: "reply_queued", detail: { replyId: event.data.replyId } };
    case "reply.awaiting_approval":
      return { kind: "reply_held", detail: { replyId: event.data.replyId } };
    case "reply.rejected":
      return { kind: "reply_rejected", detail: { replyId: event.data.replyId, reason: event.data.reason } };
    case "reply.sent":
      return { kind: "replied", detail: { replyId: event.data.replyId } };
    case "reply.failed":
      return { kind: "reply_failed", detail: { replyId: event.data.replyId, reason: event.data.reason } };
    case "sla.state_changed":
      return { kind: "sla", detail: { state: event.data.to } };
    case "handoff.status_changed":
      return { kind: "handoff_status", detail: { status: event.data.status } };
    case "survey.invited":
      return { kind: "survey_invited", detail: { replyId: event.data.replyId } };
    case "survey.answered":
      return { kind: "survey_answered", detail: { score: event.data.score } };
    default:
      return null;
  }
}

/** The history row an event makes, or null when it is no step of its item's history. */
export function historyRowOf(event: DomainEvent): HistoryRow | null {
  const workItemId = (event.data as { workItemId?: unknown }).workItemId;
  if (!event.workspaceId || typeof workItemId !== "string" || !workItemId) return null;
  const step = stepOf(event);
  if (!step) return null;
  return {
    eventId: event.id,
    workspaceId: event.workspaceId,
    workItemId,
    seq: event.seq,
    at: event.at,
    actorUserId: null,
    agentUserId: null,
    queueId: null,
    detail: {},
    ...step,
  };
}
