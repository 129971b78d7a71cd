/**
 * Routing at work: rules put new items in queues, push routing offers waiting items to agents,
 * agents accept, decline or pull, supervisors transfer, presence and timers (offer expiry,
 * overflow, away after idle) move things along. The decisions are pure (src/domain/routing);
 * here they are applied under the items' row locks and the agents', so what two processes
 * decide at once cannot double-book an item or overfill an agent.
 */
import { randomUUID } from "node:crypto";
import type { Bus } from "../bus/index.ts";
import type { Clock } from "../domain/clock.ts";
import { type NewEvent, newEvent } from "../domain/events.ts";
import {
  agentLoads,
  type Board,
  itemWeight,
  nextItemFor,
  type Offer,
  overflowTarget,
  type Presence,
  planOffers,
} from "../domain/routing/board.ts";
import {
  acceptMove,
  assertCanTake,
  assertClaimable,
  offerMove,
  withdrawMove,
} from "../domain/routing/offers.ts";
import { routeToQueue } from "../domain/routing/rules.ts";
import { skillMatch } from "../domain/routing/skills.ts";
import type { WorkItemView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { workItemFor } from "./visibility.ts";

export const ROUTING_JOBS = {
  dispatch: "routing.dispatch",
  offerExpiry: "routing.offer_expiry",
  overflow: "routing.overflow",
  idleAway: "routing.idle_away",
} as const;

const SUPERVISING = new Set(["admin", "supervisor"]);
/** Offers applied in one transaction. */
const OFFER_BATCH = 500;
/** Beyond this many extra items a queue, push routing plans on the whole board. */
const MAX_EXTRA = 1024;

export function routingEngine(deps: { store: Store; bus: Bus; clock: Clock }) {
  const { store, bus, clock } = deps;

  /** After a commit: every screen of the workspace sees the item as it now is. */
  async function announce(workspaceId: string, ids: readonly string[], seq: number | undefined) {
    if (ids.length === 0) return;
    const items = await store.views.workItems(workspaceId, { ids: [...ids], limit: ids.length });
    for (const item of items)
      await bus.publish({ type: "work_item.updated", workspaceId, workItem: item, seq });
  }

  /**
   * Whether, after `plan`, an available agent qualified for one of the `truncated` queues still has
   * room for an item: then items the board did not read might have gone to them.
   */
  function roomLeft(board: Board, plan: readonly Offer[], truncated: ReadonlySet<string>): boolean {
    const loads = agentLoads(board.items, board.weights);
    const byId = new Map(board.items.map((item) => [item.id, item]));
    for (const offer of plan) {
      const item = byId.get(offer.itemId)!;
      loads.set(offer.agentId, (loads.get(offer.agentId) ?? 0) + itemWeight(item, board.weights));
    }
    const lightest = Math.min(1, ...Object.values(board.weights).filter((w) => w > 0));
    return board.agents.some(
      (agent) =>
        agent.presence === "available" &&
        agent.capacity - (loads.get(agent.id) ?? 0) >= lightest &&
        [...truncated].some((id) => {
          const queue = board.queues.get(id);
          return queue !== undefined && skillMatch(agent.skills, queue.requiredSkills) !== null;
        }),
    );
  }

  /**
   * The offers to make now, planned on the queues' best waiting items (`dispatchBoard`) rather
   * than all of them. Reading fewer than a queue holds changes the plan only when an item read
   * was passed over (too heavy for the room left, declined) while more waited behind it; then
   * more are read, and in the end all.
   */
  async function dispatchPlan(workspaceId: string) {
    for (let extra = 0; extra <= MAX_EXTRA; extra = extra === 0 ? 16 : extra * 8) {
      const { board, truncated } = await store.routing.dispatchBoard(workspaceId, extra);
      const plan = planOffers(board);
      if (truncated.size === 0 || !roomLeft(board, plan, truncated)) return { board, plan };
    }
    const board = await store.routing.board(workspaceId);
    return { board, plan: planOffers(board) };
  }

  /**
   * Asks a worker to run push routing for the workspace now. One job per request: a timer keyed
   * by the workspace would be left alone while it runs, and a request made meanwhile, after the
   * running one read its board, would be lost. Extra runs find nothing to offer and end quickly.
   */
  async function requestDispatch(tx: Store, workspaceId: string) {
    await tx.jobs.enqueue({
      name: ROUTING_JOBS.dispatch,
      key: `${workspaceId}:${randomUUID()}`,
      workspaceId,
      payload: { workspaceId },
      runAt: new Date(clock.now()),
    });
  }

  async function scheduleOverflow(
    tx: Store,
    workspaceId: string,
    itemId: string,
    queueId: string,
    queuedAt: number,
  ) {
    const queue = await tx.routing.queue(workspaceId, queueId);
    if (!queue?.overflowQueueId || queue.overflowAfterMs === null) {
      await tx.jobs.cancel(ROUTING_JOBS.overflow, itemId);
      return;
    }
    await tx.jobs.schedule({
      name: ROUTING_JOBS.overflow,
      key: itemId,
      workspaceId,
      payload: { workspaceId, workItemId: itemId },
      runAt: new Date(queuedAt + queue.overflowAfterMs),
    });
  }

  async function enqueue(
    tx: Store,
    workspaceId: string,
    itemId: string,
    queueId: string | null,
    reason: "rule" | "reopened" | "overflow" | "transfer",
    queuedAt: number,
    actorUserId?: string,
  ): Promise<NewEvent> {
    await tx.routing.setQueue(workspaceId, itemId, queueId, queueId ? queuedAt : null);
    if (queueId) await scheduleOverflow(tx, workspaceId, itemId, queueId, queuedAt);
    else await tx.jobs.cancel(ROUTING_JOBS.overflow, itemId);
    return newEvent("work_item.queued", workspaceId, {
      workItemId: itemId,
      queueId,
      reason,
      ...(actorUserId ? { actorUserId } : {}),
    });
  }

  /** Withdraws an offer (declined, run out, agent away); true when there was one. */
  async function withdraw(
    tx: Store,
    workspaceId: string,
    itemId: string,
    agentId: string | null,
    reason: "declined" | "expired" | "unavailable",
  ): Promise<NewEvent | null> {
    const lock = await tx.routing.lock(workspaceId, itemId);
    if (!lock) return null;
    if (reason === "expired" && lock.offerExpiresAt !== null && lock.offerExpiresAt > clock.now())
      return null;
    const undo = withdrawMove(lock, agentId);
    if (!undo) return null;
    await tx.routing.setOffer(workspaceId, itemId, undo, reason === "declined" ? lock.offeredTo! : undefined);
    await tx.jobs.cancel(ROUTING_JOBS.offerExpiry, itemId);
    return newEvent("work_item.offer_withdrawn", workspaceId, {
      workItemId: itemId,
      agentUserId: lock.offeredTo!,
      reason,
    });
  }

  async function commitEvents(tx: Store, events: NewEvent[]): Promise<number | undefined> {
    if (!events.length) return undefined;
    return (await tx.events.append(events)).at(-1)?.seq;
  }

  /** Moves an item to reserved by `agentId`, audited, with its events; the caller holds the lock. */
  async function give(
    tx: Store,
    workspaceId: string,
    itemId: string,
    agentId: string,
    actorId: string,
    action: string,
    from: string,
  ): Promise<NewEvent[]> {
    await tx.workItems.move(workspaceId, itemId, { state: "reserved", assigneeId: agentId });
    await tx.jobs.cancel(ROUTING_JOBS.offerExpiry, itemId);
    await tx.jobs.cancel(ROUTING_JOBS.overflow, itemId);
    // New work ends the agent's idle time: the longest idle is offered first.
    await tx.routing.saveProfile(workspaceId, agentId, {
      at: new Date(clock.now()),
      active: agentId === actorId,
      idle: true,
    });
    await tx.audit.record({
      workspaceId,
      actorUserId: actorId,
      action: `work_item.${action}`,
      subjectType: "work_item",
      subjectId: itemId,
      detail: { from, to: "reserved", agentUserId: agentId },
    });
    return [
      newEvent("work_item.moved", workspaceId, {
        workItemId: itemId,
        from,
        to: "reserved",
        actorUserId: actorId,
      }),
      newEvent("work_item.assigned", workspaceId, {
        workItemId: itemId,
        agentUserId: agentId,
        actorUserId: actorId,
      }),
    ];
  }

  async function view(principal: Principal, id: string): Promise<WorkItemView> {
    const item = await store.views.workItem(principal.workspace.id, id);
    if (!item) throw new ParleyError("not_found", "No such work item");
    return workItemFor(principal.user.role, item);
  }

  const engine = {
    requestDispatch,

    /** A new item: the first routing rule that holds puts it in its queue; then push routing runs. */
    async routeNew(workspaceId: string, itemId: string): Promise<void> {
      let seq: number | undefined;
      let routed = false;
      await store.transaction(async (tx) => {
        const lock = await tx.routing.lock(workspaceId, itemId);
        if (lock?.state !== "new" || lock.queueId !== null) return;
        // A customer writing again in a handled thread reopens the conversation where it was
        // handled: its queue, whatever the rules now say.
        const previous = await tx.routing.handledQueue(workspaceId, lock.conversationId, itemId);
        const stillThere = previous ? await tx.routing.queue(workspaceId, previous) : null;
        let queueId = stillThere?.id ?? null;
        let reason: "rule" | "reopened" = "reopened";
        if (!queueId) {
          const facts = await tx.routing.facts(workspaceId, itemId);
          if (!facts) return;
          queueId = routeToQueue(await tx.routing.rules(workspaceId), facts);
          reason = "rule";
        }
        if (!queueId) return;
        seq = await commitEvents(tx, [await enqueue(tx, workspaceId, itemId, queueId, reason, clock.now())]);
        await requestDispatch(tx, workspaceId);
        routed = true;
      });
      if (routed) await announce(workspaceId, [itemId], seq);
    },

    /**
     * A reopened item (the customer wrote again after a resolve, or someone reopened it) waits
     * again: in the queue it was handled in while that queue exists, else where the rules say,
     * its wait starting now.
     */
    async requeueReopened(workspaceId: string, itemId: string): Promise<void> {
      let seq: number | undefined;
      let routed = false;
      await store.transaction(async (tx) => {
        const lock = await tx.routing.lock(workspaceId, itemId);
        if (lock?.state !== "new" || lock.offeredTo !== null) return;
        const kept = lock.queueId ? await tx.routing.queue(workspaceId, lock.queueId) : null;
        let queueId = kept?.id ?? null;
        let reason: "rule" | "reopened" = "reopened";
        if (!queueId) {
          const facts = await tx.routing.facts(workspaceId, itemId);
          queueId = facts ? routeToQueue(await tx.routing.rules(workspaceId), facts) : null;
          reason = "rule";
        }
        if (!queueId) return;
        seq = await commitEvents(tx, [await enqueue(tx, workspaceId, itemId, queueId, reason, clock.now())]);
        await requestDispatch(tx, workspaceId);
        routed = true;
      });
      if (routed) await announce(workspaceId, [itemId], seq);
    },

    /**
     * Push routing: plans offers over the workspace's board and applies them in batches, each in
     * one transaction under its agents' and items' locks (taken in id order), re-checking that
     * every item still waits and every agent still has room as the batch fills them.
     */
    async dispatch(workspaceId: string): Promise<number> {
      const { board, plan } = await dispatchPlan(workspaceId);
      const ttl = board.settings.offerTimeoutMs;
      let made = 0;
      for (let i = 0; i < plan.length; i += OFFER_BATCH) {
        const batch = plan.slice(i, i + OFFER_BATCH);
        let seq: number | undefined;
        const applied = await store.transaction(async (tx) => {
          const agentIds = [...new Set(batch.map((o) => o.agentId))].sort();
          const itemIds = batch.map((o) => o.itemId);
          await tx.routing.lockAgents(agentIds);
          const locks = await tx.routing.lockMany(workspaceId, itemIds);
          const fresh = await tx.routing.agentsBoard(workspaceId, agentIds, itemIds);
          const items = new Map(fresh.items.map((item) => [item.id, item]));
          const agents = new Map(fresh.agents.map((agent) => [agent.id, agent]));
          const loads = agentLoads(fresh.items, fresh.weights);
          const now = clock.now();
          const given: { itemId: string; agentId: string; expiresAt: number }[] = [];
          for (const offer of batch) {
            const lock = locks.get(offer.itemId);
            const item = items.get(offer.itemId);
            const agent = agents.get(offer.agentId);
            if (lock?.state !== "new" || lock.offeredTo !== null || !item || agent?.presence !== "available")
              continue;
            const queue = item.queueId ? fresh.queues.get(item.queueId) : undefined;
            if (queue && skillMatch(agent.skills, queue.requiredSkills) === null) continue;
            const weight = itemWeight(item, fresh.weights);
            if ((loads.get(agent.id) ?? 0) + weight > agent.capacity) continue;
            const fields = offerMove(lock, agent.id, now, ttl);
            loads.set(agent.id, (loads.get(agent.id) ?? 0) + weight);
            given.push({ itemId: offer.itemId, agentId: agent.id, expiresAt: fields.offerExpiresAt! });
          }
          await tx.routing.offerMany(given, now + ttl, now);
          await tx.routing.markBusy([...new Set(given.map((g) => g.agentId))], now);
          await tx.jobs.scheduleMany(
            given.map((g) => ({
              name: ROUTING_JOBS.offerExpiry,
              key: g.itemId,
              workspaceId,
              payload: { workspaceId, workItemId: g.itemId },
              runAt: new Date(g.expiresAt),
            })),
          );
          seq = await commitEvents(
            tx,
            given.map((g) =>
              newEvent("work_item.offered", workspaceId, {
                workItemId: g.itemId,
                agentUserId: g.agentId,
                expiresAt: new Date(g.expiresAt).toISOString(),
              }),
            ),
          );
          return given.map((g) => g.itemId);
        });
        made += applied.length;
        await announce(workspaceId, applied, seq);
      }
      return made;
    },

    async accept(principal: Principal, id: string): Promise<WorkItemView> {
      const workspaceId = principal.workspace.id;
      let seq: number | undefined;
      await store.transaction(async (tx) => {
        const lock = await tx.routing.lock(workspaceId, id);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        acceptMove(lock, principal.user.id, clock.now());
        if (lock.state === "reserved") return;
        seq = await commitEvents(
          tx,
          await give(tx, workspaceId, id, principal.user.id, principal.user.id, "accept", lock.state),
        );
      });
      await announce(workspaceId, [id], seq);
      return view(principal, id);
    },

    async decline(principal: Principal, id: string): Promise<WorkItemView> {
      const workspaceId = principal.workspace.id;
      let seq: number | undefined;
      await store.transaction(async (tx) => {
        const lock = await tx.routing.lock(workspaceId, id);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        if (lock.offeredTo !== principal.user.id || lock.state !== "new")
          throw new ParleyError("not_offered");
        const event = await withdraw(tx, workspaceId, id, principal.user.id, "declined");
        await tx.routing.saveProfile(workspaceId, principal.user.id, {
          at: new Date(clock.now()),
          active: true,
        });
        seq = await commitEvents(tx, event ? [event] : []);
        await requestDispatch(tx, workspaceId);
      });
      await announce(workspaceId, [id], seq);
      return view(principal, id);
    },

    /** Timer: an offer not accepted in time goes back to its queue. */
    async expireOffer(workspaceId: string, id: string): Promise<void> {
      let seq: number | undefined;
      let expired = false;
      await store.transaction(async (tx) => {
        const event = await withdraw(tx, workspaceId, id, null, "expired");
        if (!event) return;
        expired = true;
        seq = await commitEvents(tx, [event]);
        await requestDispatch(tx, workspaceId);
      });
      if (expired) await announce(workspaceId, [id], seq);
    },

    /** Timer: a waiting item past its queue's wait moves to the overflow queue. */
    async overflow(workspaceId: string, id: string): Promise<void> {
      let seq: number | undefined;
      let moved = false;
      await store.transaction(async (tx) => {
        const lock = await tx.routing.lock(workspaceId, id);
        if (!lock?.queueId || lock.queuedAt === null || lock.state !== "new" || lock.offeredTo) return;
        const queue = await tx.routing.queue(workspaceId, lock.queueId);
        if (!queue) return;
        const target = overflowTarget(
          queue,
          {
            id,
            queueId: lock.queueId,
            priority: 0,
            waitingSince: lock.queuedAt,
            channel: "",
            holderId: null,
            offeredTo: null,
          },
          clock.now(),
        );
        if (!target) return;
        // The wait goes on counting from when the item first queued: it is not sent to the back.
        seq = await commitEvents(tx, [await enqueue(tx, workspaceId, id, target, "overflow", lock.queuedAt)]);
        await requestDispatch(tx, workspaceId);
        moved = true;
      });
      if (moved) await announce(workspaceId, [id], seq);
    },

    /** Pull: the agent takes the next best item they qualify for and have room for. */
    async pull(principal: Principal): Promise<WorkItemView | null> {
      const workspaceId = principal.workspace.id;
      const agentId = principal.user.id;
      for (let attempt = 0; attempt < 5; attempt++) {
        const board = await store.routing.board(workspaceId);
        const next = nextItemFor(board, agentId);
        if (!next) return null;
        let seq: number | undefined;
        const taken = await store.transaction(async (tx) => {
          await tx.routing.lockAgent(agentId);
          const lock = await tx.routing.lock(workspaceId, next.id);
          if (lock?.state !== "new") return false;
          const now = clock.now();
          try {
            assertClaimable(lock, agentId, now, false);
            const fresh = await tx.routing.agentBoard(workspaceId, agentId, next.id);
            const item = fresh.items.find((i) => i.id === next.id);
            if (!item) return false;
            assertCanTake(fresh, agentId, item);
          } catch {
            return false;
          }
          seq = await commitEvents(
            tx,
            await give(tx, workspaceId, next.id, agentId, agentId, "pull", lock.state),
          );
          return true;
        });
        if (taken) {
          await announce(workspaceId, [next.id], seq);
          return view(principal, next.id);
        }
      }
      return null;
    },

    /** Reassign or transfer: to an agent (who must qualify and have room) or to a queue. */
    async transfer(
      principal: Principal,
      id: string,
      to: { agentId: string } | { queueId: string },
    ): Promise<WorkItemView> {
      const workspaceId = principal.workspace.id;
      const supervising = SUPERVISING.has(principal.user.role);
      let seq: number | undefined;
      await store.transaction(async (tx) => {
        if ("agentId" in to) await tx.routing.lockAgent(to.agentId);
        const lock = await tx.routing.lock(workspaceId, id);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        if (lock.state !== "new" && lock.state !== "reserved") {
          throw new ParleyError("invalid_transition", `Cannot transfer a work item that is ${lock.state}`);
        }
        const holds = lock.state === "reserved" && lock.assigneeId === principal.user.id;
        if (!supervising && !holds)
          throw new ParleyError(lock.state === "new" ? "work_item_not_held" : "work_item_reserved");
        const events: NewEvent[] = [];
        if ("queueId" in to) {
          if (!(await tx.routing.queue(workspaceId, to.queueId)))
            throw new ParleyError("not_found", "No such queue");
          if (lock.state === "reserved") {
            await tx.workItems.move(workspaceId, id, { state: "new", assigneeId: null });
            events.push(
              newEvent("work_item.moved", workspaceId, {
                workItemId: id,
                from: "reserved",
                to: "new",
                actorUserId: principal.user.id,
              }),
              newEvent("work_item.assigned", workspaceId, {
                workItemId: id,
                agentUserId: null,
                actorUserId: principal.user.id,
              }),
            );
          }
          await tx.jobs.cancel(ROUTING_JOBS.offerExpiry, id);
          events.push(
            await enqueue(tx, workspaceId, id, to.queueId, "transfer", clock.now(), principal.user.id),
          );
          await tx.audit.record({
            workspaceId,
            actorUserId: principal.user.id,
            action: "work_item.transfer",
            subjectType: "work_item",
            subjectId: id,
            detail: { queueId: to.queueId },
          });
        } else {
          const board = await tx.routing.agentBoard(workspaceId, to.agentId, id);
          const item = board.items.find((i) => i.id === id);
          if (!item) throw new ParleyError("not_found", "No such work item");
          if (!board.agents.some((a) => a.id === to.agentId))
            throw new ParleyError("not_found", "No such agent");
          assertCanTake(board, to.agentId, item);
          events.push(
            ...(await give(tx, workspaceId, id, to.agentId, principal.user.id, "transfer", lock.state)),
          );
        }
        seq = await commitEvents(tx, events);
        await requestDispatch(tx, workspaceId);
      });
      await announce(workspaceId, [id], seq);
      return view(principal, id);
    },

    /**
     * An agent's presence. Going away or offline withdraws their offers (their items stay theirs);
     * being available starts the idle timer and asks for routing.
     */
    async setPresence(
      workspaceId: string,
      userId: string,
      presence: Presence,
      automatic = false,
    ): Promise<void> {
      const withdrawn: string[] = [];
      let seq: number | undefined;
      let changed = false;
      await store.transaction(async (tx) => {
        const now = clock.now();
        const [before] = await tx.routing.agents(workspaceId, [userId]);
        if (!before) throw new ParleyError("not_found", "No such agent");
        await tx.routing.saveProfile(workspaceId, userId, {
          presence,
          at: new Date(now),
          active: !automatic,
          idle: presence === "available" && before.presence !== "available",
        });
        const events: NewEvent[] = [];
        changed = before.presence !== presence;
        if (changed) {
          events.push(newEvent("agent.presence_changed", workspaceId, { userId, presence, automatic }));
        }
        if (presence !== "available") {
          for (const itemId of await tx.routing.offeredTo(workspaceId, userId)) {
            const event = await withdraw(tx, workspaceId, itemId, userId, "unavailable");
            if (event) {
              events.push(event);
              withdrawn.push(itemId);
            }
          }
          await tx.jobs.cancel(ROUTING_JOBS.idleAway, userId);
        } else {
          const { idleAwayMs } = await tx.routing.settings(workspaceId);
          await tx.jobs.schedule({
            name: ROUTING_JOBS.idleAway,
            key: userId,
            workspaceId,
            payload: { workspaceId, userId },
            runAt: new Date(now + idleAwayMs),
          });
        }
        seq = await commitEvents(tx, events);
        await requestDispatch(tx, workspaceId);
      });
      // After the commit, like the items' views: supervisors' screens show the new presence at once.
      if (changed) {
        await bus.publish({
          type: "agent.presence",
          workspaceId,
          agent: { id: userId, presence, automatic },
          seq,
        });
      }
      await announce(workspaceId, withdrawn, seq);
    },

    /** Timer: an available agent idle for the workspace's idle time becomes away. */
    async idleAway(workspaceId: string, userId: string): Promise<void> {
      const [agent] = await store.routing.agents(workspaceId, [userId]);
      if (agent?.presence !== "available") return;
      const { idleAwayMs } = await store.routing.settings(workspaceId);
      const due = agent.lastActiveAt + idleAwayMs;
      if (due > clock.now()) {
        await store.jobs.schedule({
          name: ROUTING_JOBS.idleAway,
          key: userId,
          workspaceId,
          payload: { workspaceId, userId },
          runAt: new Date(due),
        });
        return;
      }
      await engine.setPresence(workspaceId, userId, "away", true);
    },

    /** Work done by the agent keeps them from going away as idle. */
    async touch(tx: Store, workspaceId: string, userId: string): Promise<void> {
      await tx.routing.saveProfile(workspaceId, userId, { at: new Date(clock.now()), active: true });
    },
  };
  return engine;
}

export type RoutingEngine = ReturnType<typeof routingEngine>;
