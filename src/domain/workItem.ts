/** Work item states and the moves between them. Pure: the store and services enforce these rules. */
import { ParleyError } from "../errors.ts";

export const WORK_ITEM_STATES = ["new", "reserved", "handled", "discarded", "queued_external"] as const;
export type WorkItemState = (typeof WORK_ITEM_STATES)[number];

export type WorkItemAction = "claim" | "release" | "resolve" | "discard" | "reopen" | "hand_off";

const MOVES: Record<WorkItemAction, { from: readonly WorkItemState[]; to: WorkItemState }> = {
  claim: { from: ["new"], to: "reserved" },
  release: { from: ["reserved"], to: "new" },
  resolve: { from: ["new", "reserved"], to: "handled" },
  discard: { from: ["new", "reserved"], to: "discarded" },
  reopen: { from: ["handled", "discarded"], to: "new" },
  hand_off: { from: ["new", "reserved"], to: "queued_external" },
};

export interface WorkItemLock {
  state: WorkItemState;
  assigneeId: string | null;
}

/**
 * The state a work item moves to when `actorId` does `action`, or an error saying why it cannot.
 * An item reserved by one agent can be released, resolved or discarded only by that agent unless
 * `override` (a supervisor) is set; an item nobody holds is resolved or discarded only with it.
 */
export function nextState(
  item: WorkItemLock,
  action: WorkItemAction,
  actorId: string,
  override = false,
): { state: WorkItemState; assigneeId: string | null } {
  const move = MOVES[action];
  if (!move.from.includes(item.state)) {
    if (action === "claim" && item.state === "reserved" && item.assigneeId !== actorId) {
      throw new ParleyError("work_item_reserved");
    }
    if (action === "claim" && item.state === "reserved" && item.assigneeId === actorId) {
      return { state: "reserved", assigneeId: actorId };
    }
    throw new ParleyError("invalid_transition", `Cannot ${action} a work item that is ${item.state}`);
  }
  if (item.state === "reserved" && item.assigneeId !== actorId && !override) {
    throw new ParleyError("work_item_reserved");
  }
  // Closing needs the item held by the actor, so two agents never close the same item unawares.
  if ((action === "resolve" || action === "discard") && item.state === "new" && !override) {
    throw new ParleyError("work_item_not_held");
  }
  const assigneeId =
    move.to === "reserved" ? actorId : move.to === "new" ? null : (item.assigneeId ?? actorId);
  return { state: move.to, assigneeId };
}

/** How long after a resolve the customer's next post reopens the item, unless the workspace says otherwise. */
export const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 60 * 60_000;

/**
 * Whether a customer's post written at `at` reopens the conversation's latest closed item: only a
 * resolved one (a discarded one was not help), within the window after its resolve (a window of 0
 * never reopens). Otherwise the post opens a new item that follows it.
 */
export function reopensItem(
  latest: { state: WorkItemState; closedAt: number | null },
  at: number,
  windowMs: number,
): boolean {
  return (
    windowMs > 0 && latest.state === "handled" && latest.closedAt !== null && at - latest.closedAt <= windowMs
  );
}

/**
 * A post opens a work item in its conversation, or joins the open one, when it needs the brand
 * and is not the brand's own.
 */
export function opensWorkItem(
  post: { author: { isBrand?: boolean } },
  analysis: { needsBrand: boolean },
): boolean {
  return analysis.needsBrand && !post.author.isBrand;
}
