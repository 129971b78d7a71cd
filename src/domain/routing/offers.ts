/**
 * Offers and transfers as pure moves on one work item, like `nextState` in workItem.ts: the
 * services read the item under a row lock, ask here, and write what comes back.
 *
 * An offered item stays `new` but is reserved for one agent until the offer expires: nobody else
 * may claim it (a supervisor may), and it counts against that agent's capacity.
 */
import { ParleyError } from "../../errors.ts";
import type { WorkItemState } from "../workItem.ts";
import { agentLoads, type Board, itemWeight, type RoutingItem } from "./board.ts";
import { skillMatch } from "./skills.ts";

export interface OfferLock {
  state: WorkItemState;
  assigneeId: string | null;
  offeredTo: string | null;
  offerExpiresAt: number | null;
}

/** An offer is live until its expiry; an expired one no longer reserves anything. */
export function liveOffer(lock: OfferLock, now: number): string | null {
  return lock.offeredTo && lock.offerExpiresAt !== null && lock.offerExpiresAt > now ? lock.offeredTo : null;
}

export interface OfferFields {
  offeredTo: string | null;
  offerExpiresAt: number | null;
}

/** Offers a waiting item to an agent until `now + ttlMs`. */
export function offerMove(lock: OfferLock, agentId: string, now: number, ttlMs: number): OfferFields {
  if (lock.state !== "new")
    throw new ParleyError("invalid_transition", `Cannot offer a work item that is ${lock.state}`);
  const holder = liveOffer(lock, now);
  if (holder && holder !== agentId) throw new ParleyError("work_item_reserved");
  return { offeredTo: agentId, offerExpiresAt: now + ttlMs };
}

/** The agent takes the item offered to them: it becomes theirs. */
export function acceptMove(
  lock: OfferLock,
  agentId: string,
  now: number,
): { state: "reserved"; assigneeId: string } {
  if (lock.state === "reserved" && lock.assigneeId === agentId)
    return { state: "reserved", assigneeId: agentId };
  if (lock.state !== "new" || lock.offeredTo !== agentId) throw new ParleyError("not_offered");
  if (liveOffer(lock, now) !== agentId) throw new ParleyError("offer_expired");
  return { state: "reserved", assigneeId: agentId };
}

/** The agent declines, or the offer timed out: the item waits again. Null when there is nothing to undo. */
export function withdrawMove(lock: OfferLock, agentId: string | null): OfferFields | null {
  if (lock.state !== "new" || !lock.offeredTo) return null;
  if (agentId !== null && lock.offeredTo !== agentId) throw new ParleyError("not_offered");
  return { offeredTo: null, offerExpiresAt: null };
}

/** A claim by `actorId` (pull or by hand) must not take an item offered to someone else. */
export function assertClaimable(lock: OfferLock, actorId: string, now: number, override: boolean): void {
  const holder = liveOffer(lock, now);
  if (holder && holder !== actorId && !override) throw new ParleyError("work_item_reserved");
}

/**
 * Whether `agentId` may be given `item` directly (a transfer or a pull): qualified for its queue
 * and with room for it. Throws the reason when not.
 */
export function assertCanTake(board: Board, agentId: string, item: RoutingItem): void {
  const agent = board.agents.find((a) => a.id === agentId);
  if (!agent) throw new ParleyError("not_found", "No such agent");
  const queue = item.queueId ? board.queues.get(item.queueId) : undefined;
  if (queue && skillMatch(agent.skills, queue.requiredSkills) === null)
    throw new ParleyError("agent_lacks_skills");
  const loads = agentLoads(
    board.items.filter((i) => i.id !== item.id),
    board.weights,
  );
  if ((loads.get(agentId) ?? 0) + itemWeight(item, board.weights) > agent.capacity) {
    throw new ParleyError("agent_at_capacity");
  }
}
