/**
 * SLA clocks at work: each fact about a work item (opened, a brand reply, a customer post, closed,
 * reopened) is recorded on its SLA row under the row's lock, the policy is chosen, the clocks are
 * replayed with the policy's calendar (src/domain/sla), escalations run once per threshold, and a
 * timer (`sla.check`, keyed by the item) is set for the next warning, predicted risk or due time.
 */
import { randomUUID } from "node:crypto";
import type { Bus } from "../bus/index.ts";
import type { Clock } from "../domain/clock.ts";
import { type NewEvent, newEvent } from "../domain/events.ts";
import { estimatedWaitMs } from "../domain/routing/board.ts";
import { cachedCalendar } from "../domain/sla/calendar.ts";
import {
  crossings,
  nextCheckAt,
  replay,
  type SlaFact,
  type SlaTargets,
  slaStanding,
  withFact,
} from "../domain/sla/clock.ts";
import { choosePolicy } from "../domain/sla/policy.ts";
import type { Store } from "../store/index.ts";
import type { ItemSlaRow } from "../store/sla.ts";

export const SLA_JOBS = { check: "sla.check", refresh: "sla.refresh" } as const;

/** The window the handling rate behind a queue's estimated wait is measured over. */
const HANDLING_WINDOW_MS = 60 * 60_000;

export interface SlaEngineDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  /** Push routing, asked to run when an escalation moves an item to another queue. */
  requestDispatch(tx: Store, workspaceId: string): Promise<void>;
}

export function slaEngine(deps: SlaEngineDeps) {
  const { store, bus, clock } = deps;

  async function announce(workspaceId: string, id: string, seq: number | undefined) {
    const item = await store.views.workItem(workspaceId, id);
    if (item) await bus.publish({ type: "work_item.updated", workspaceId, workItem: item, seq });
  }

  async function queueWait(tx: Store, workspaceId: string, queueId: string, now: number) {
    const stats = await tx.routing.queueStats(workspaceId, new Date(now - HANDLING_WINDOW_MS));
    const s = stats.get(queueId);
    return s ? estimatedWaitMs(s.waiting, s.handled, HANDLING_WINDOW_MS) : null;
  }

  /**
   * Replays the item's clocks from `facts` and saves them, running the escalations of thresholds
   * newly crossed; returns the events to append and whether the item's view changed.
   */
  async function apply(
    tx: Store,
    workspaceId: string,
    workItemId: string,
    row: ItemSlaRow,
    facts: SlaFact[],
  ): Promise<{ events: NewEvent[]; changed: boolean }> {
    const now = clock.now();
    const item = await tx.sla.itemFacts(workspaceId, workItemId);
    if (!item) return { events: [], changed: false };
    const policy = choosePolicy(await tx.sla.policies(workspaceId), item);
    const openedAt = facts.find((f) => f.kind === "opened")?.at ?? row.openedAt.getTime();
    const closedAt = facts.findLast((f) => f.kind === "closed" || f.kind === "reopened");
    const closed = closedAt?.kind === "closed" ? new Date(closedAt.at) : null;
    if (!policy) {
      await tx.jobs.cancel(SLA_JOBS.check, workItemId);
      await tx.sla.saveItem(workspaceId, workItemId, {
        policyId: null,
        facts,
        status: closed ? "stopped" : "running",
        state: "on_time",
        breached: false,
        dueAt: null,
        dueTarget: null,
        remainingMs: null,
        escalated: row.escalated,
        openedAt: new Date(openedAt),
        closedAt: closed,
      });
      return { events: [], changed: row.policyId !== null };
    }
    const spec = policy.calendarId ? await tx.sla.calendar(workspaceId, policy.calendarId) : null;
    const targets: SlaTargets = policy;
    const clocks = replay(facts, targets, cachedCalendar(spec), now);
    const waiting = item.state === "new" && item.queueId !== null;
    const wait = waiting ? await queueWait(tx, workspaceId, item.queueId!, now) : null;
    const state = slaStanding(clocks, now, waiting, wait);
    const events: NewEvent[] = [];
    if (state !== row.state || row.policyId !== policy.id) {
      events.push(
        newEvent("sla.state_changed", workspaceId, {
          workItemId,
          policyId: policy.id,
          from: row.state,
          to: state,
        }),
      );
    }
    const fired = new Set(row.escalated);
    let moved = false;
    for (const crossing of crossings(clocks, targets, now, waiting, wait)) {
      if (fired.has(crossing.key)) continue;
      fired.add(crossing.key);
      for (const e of policy.escalations) {
        if (e.when !== crossing.when) continue;
        if (e.action === "raise_priority" && e.amount) {
          await tx.sla.raisePriority(workspaceId, workItemId, e.amount);
        } else if (e.action === "notify") {
          events.push(
            newEvent("sla.escalated", workspaceId, {
              workItemId,
              policyId: policy.id,
              target: crossing.target,
              when: crossing.when,
            }),
          );
        } else if (e.action === "move_queue" && e.queueId && !moved) {
          // Only a waiting item moves: one an agent holds stays with them.
          if (item.state !== "new" || item.queueId === e.queueId) continue;
          if (!(await tx.routing.queue(workspaceId, e.queueId))) continue;
          await tx.routing.setQueue(workspaceId, workItemId, e.queueId, now);
          events.push(
            newEvent("work_item.queued", workspaceId, {
              workItemId,
              queueId: e.queueId,
              reason: "escalation",
            }),
          );
          await deps.requestDispatch(tx, workspaceId);
          moved = true;
        }
      }
    }
    const resolution = clocks.clocks.find((c) => c.target === "resolution");
    const value: Omit<ItemSlaRow, "workItemId"> = {
      policyId: policy.id,
      facts,
      status: clocks.status,
      state,
      breached: clocks.breached,
      dueAt: clocks.dueAt === null ? null : new Date(clocks.dueAt),
      dueTarget: clocks.dueTarget,
      remainingMs: clocks.status === "paused" && resolution ? resolution.remainingMs : null,
      escalated: [...fired],
      openedAt: new Date(openedAt),
      closedAt: closed,
    };
    await tx.sla.saveItem(workspaceId, workItemId, value);
    const next = nextCheckAt(clocks, targets, now, wait);
    if (next === null) await tx.jobs.cancel(SLA_JOBS.check, workItemId);
    else
      await tx.jobs.schedule({
        name: SLA_JOBS.check,
        key: workItemId,
        workspaceId,
        payload: { workspaceId, workItemId },
        runAt: new Date(next),
      });
    const changed =
      events.length > 0 ||
      row.policyId !== value.policyId ||
      row.status !== value.status ||
      row.dueAt?.getTime() !== value.dueAt?.getTime() ||
      row.remainingMs !== value.remainingMs;
    return { events, changed };
  }

  async function update(workspaceId: string, workItemId: string, fact: SlaFact | null): Promise<void> {
    let seq: number | undefined;
    let changed = false;
    await store.transaction(async (tx) => {
      const item = await tx.sla.itemFacts(workspaceId, workItemId);
      if (!item) return;
      // Without any policy nothing is kept; an item without a row still has one made when a
      // policy appears (`refresh` covers open items), counted from its creation.
      const [existing] = await tx.sla.items(workspaceId, [workItemId]);
      if (!existing && !(await tx.sla.hasPolicies(workspaceId))) return;
      const row = await tx.sla.lockItem(workspaceId, workItemId, item.createdAt);
      let facts = fact ? withFact(row.facts, fact) : row.facts;
      // An item whose opening was not recorded (opened before SLAs were set up, or a later fact
      // handled first) opens when it was created.
      if (!facts.some((f) => f.kind === "opened"))
        facts = withFact(facts, { kind: "opened", at: item.createdAt.getTime(), key: "created" });
      // The first response as ingest marked it, for a reply stored before the item had a row.
      if (item.firstResponseAt && !facts.some((f) => f.kind === "brand_replied"))
        facts = withFact(facts, {
          kind: "brand_replied",
          at: item.firstResponseAt.getTime(),
          key: "first_response",
        });
      const result = await apply(tx, workspaceId, workItemId, row, facts);
      changed = result.changed;
      if (result.events.length) seq = (await tx.events.append(result.events)).at(-1)?.seq;
    });
    if (changed) await announce(workspaceId, workItemId, seq);
  }

  return {
    /** Records a fact about an item and replays its clocks. */
    record: (workspaceId: string, workItemId: string, fact: SlaFact) => update(workspaceId, workItemId, fact),
    /** Replays an item's clocks now (its timer, or a change of queue or policy). */
    check: (workspaceId: string, workItemId: string) => update(workspaceId, workItemId, null),

    /** Stored posts: a brand post answers its conversation's open item, a customer's asks again. */
    async postsStored(workspaceId: string, postIds: readonly string[], at: number): Promise<void> {
      for (const t of await store.sla.postTargets(workspaceId, postIds)) {
        await update(workspaceId, t.workItemId, {
          kind: t.brand ? "brand_replied" : "customer_posted",
          at,
          key: `post:${t.postId}`,
        });
      }
    },

    /** After a policy or calendar change: every item not yet stopped is replayed, in a job. */
    async requestRefresh(tx: Store, workspaceId: string): Promise<void> {
      await tx.jobs.enqueue({
        name: SLA_JOBS.refresh,
        key: `${workspaceId}:${randomUUID()}`,
        workspaceId,
        payload: { workspaceId },
        runAt: new Date(clock.now()),
      });
    },
    async refresh(workspaceId: string): Promise<number> {
      const ids = await store.sla.unstopped(workspaceId);
      for (const id of ids) await update(workspaceId, id, null);
      return ids.length;
    },
  };
}

export type SlaEngine = ReturnType<typeof slaEngine>;
