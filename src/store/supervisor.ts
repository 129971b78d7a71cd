/**
 * The supervisor's live figures, each one aggregate query over the work items (grouped by queue
 * or by agent), so the view costs the same whether ten or a hundred thousand items wait: per
 * queue the open items by state, the oldest wait, the SLAs at risk and the items closed lately;
 * per agent the items held and offered by channel and the items closed since a time.
 */

import { type Executor, isOpen } from "./executor.ts";
import { and, eq, gte, inArray, isNotNull, sql } from "./orm.ts";

export interface QueueFigures {
  /** Open items of the queue nobody holds (offered or not). */
  waiting: number;
  /** Of the waiting, those offered to an agent now. */
  offered: number;
  /** Items of the queue an agent holds. */
  reserved: number;
  /** When the longest wait among the waiting started. */
  oldestSince: number | null;
  /** Open items of the queue whose SLA is breached or inside its warning window. */
  slaAtRisk: number;
  /** Items of the queue closed since the handling window began. */
  handled: number;
}

export interface AgentCarried {
  agentId: string;
  channel: string;
  held: number;
  offered: number;
}

const EMPTY: QueueFigures = {
  waiting: 0,
  offered: 0,
  reserved: 0,
  oldestSince: null,
  slaAtRisk: 0,
  handled: 0,
};

/** Milliseconds since the epoch, as either dialect answers them (PostgreSQL: a numeric string). */
const asTime = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value));

export function supervisorRepository(x: Executor) {
  const { db } = x;
  const { workItems, workItemSlas, slaPolicies, posts } = x.t;
  const n = (q: ReturnType<typeof sql>) => sql<number>`coalesce(${q}, 0)`.mapWith(Number);

  return {
    /**
     * Per queue id: its open items by state and the oldest wait; the SLAs at risk at `now`; the
     * items closed (resolved, discarded or handed off) from it since `handledSince`.
     */
    async queueFigures(
      workspaceId: string,
      at: { now: number; handledSince: Date },
    ): Promise<Map<string, QueueFigures>> {
      const open = and(
        eq(workItems.workspaceId, workspaceId),
        isOpen(workItems.state),
        isNotNull(workItems.queue),
      );
      // Breached, or running with its due time inside the policy's warning window.
      const dueSoon =
        x.dialect === "postgres"
          ? sql`${workItemSlas.dueAt} <= to_timestamp(${at.now}::double precision / 1000) + coalesce(${slaPolicies.warnBeforeMs}, 0) * interval '1 millisecond'`
          : sql`${workItemSlas.dueAt} <= ${at.now} + coalesce(${slaPolicies.warnBeforeMs}, 0)`;
      const oldest = sql`min(case when ${workItems.state} = 'new' then coalesce(${workItems.queuedAt}, ${workItems.createdAt}) end)`;
      const [states, risk, handled] = await Promise.all([
        db
          .select({
            queue: workItems.queue,
            waiting: n(sql`sum(case when ${workItems.state} = 'new' then 1 else 0 end)`),
            offered: n(
              sql`sum(case when ${workItems.state} = 'new' and ${workItems.offeredTo} is not null then 1 else 0 end)`,
            ),
            reserved: n(sql`sum(case when ${workItems.state} = 'reserved' then 1 else 0 end)`),
            oldest:
              x.dialect === "postgres"
                ? sql<unknown>`extract(epoch from ${oldest}) * 1000`
                : sql<unknown>`${oldest}`,
          })
          .from(workItems)
          .where(open)
          .groupBy(workItems.queue),
        db
          .select({ queue: workItems.queue, n: n(sql`count(*)`) })
          .from(workItems)
          .innerJoin(workItemSlas, eq(workItemSlas.workItemId, workItems.id))
          .leftJoin(slaPolicies, eq(slaPolicies.id, workItemSlas.policyId))
          .where(
            and(
              open,
              // The clock's own workspace column lets the planner start from the clocks (few) instead of the items.
              eq(workItemSlas.workspaceId, workspaceId),
              sql`(${workItemSlas.breached} = ${x.dialect === "postgres" ? sql`true` : sql`1`} or (${workItemSlas.status} = 'running' and ${workItemSlas.dueAt} is not null and ${dueSoon}))`,
            ),
          )
          .groupBy(workItems.queue),
        db
          .select({ queue: workItems.queue, n: n(sql`count(*)`) })
          .from(workItems)
          .where(
            and(
              eq(workItems.workspaceId, workspaceId),
              inArray(workItems.state, ["handled", "discarded", "queued_external"]),
              isNotNull(workItems.queue),
              gte(workItems.closedAt, at.handledSince),
            ),
          )
          .groupBy(workItems.queue),
      ]);
      const figures = new Map<string, QueueFigures>();
      const of = (queue: string) => {
        let f = figures.get(queue);
        if (!f) {
          f = { ...EMPTY };
          figures.set(queue, f);
        }
        return f;
      };
      for (const s of states) {
        Object.assign(of(s.queue!), {
          waiting: s.waiting,
          offered: s.offered,
          reserved: s.reserved,
          oldestSince: asTime(s.oldest),
        });
      }
      for (const r of risk) of(r.queue!).slaAtRisk = r.n;
      for (const h of handled) of(h.queue!).handled = h.n;
      return figures;
    },

    /** What each agent carries, by channel (the load's weights are per channel): held and offered. */
    async carried(workspaceId: string): Promise<AgentCarried[]> {
      // Read from the held and offered partial indexes (by agent): the workspace is checked on the
      // groups, as a condition on it would make the embedded store's planner walk the workspace's
      // waiting items instead.
      const [held, offered] = await Promise.all([
        db
          .select({
            workspaceId: workItems.workspaceId,
            agentId: workItems.assigneeId,
            channel: posts.channel,
            n: n(sql`count(*)`),
          })
          .from(workItems)
          .innerJoin(posts, eq(posts.id, workItems.postId))
          .where(and(eq(workItems.state, "reserved"), isNotNull(workItems.assigneeId)))
          .groupBy(workItems.workspaceId, workItems.assigneeId, posts.channel),
        db
          .select({
            workspaceId: workItems.workspaceId,
            agentId: workItems.offeredTo,
            channel: posts.channel,
            n: n(sql`count(*)`),
          })
          .from(workItems)
          .innerJoin(posts, eq(posts.id, workItems.postId))
          .where(and(isNotNull(workItems.offeredTo), eq(workItems.state, "new")))
          .groupBy(workItems.workspaceId, workItems.offeredTo, posts.channel),
      ]);
      const rows = new Map<string, AgentCarried>();
      const of = (agentId: string, channel: string) => {
        const key = `${agentId} ${channel}`;
        let r = rows.get(key);
        if (!r) {
          r = { agentId, channel, held: 0, offered: 0 };
          rows.set(key, r);
        }
        return r;
      };
      for (const h of held) if (h.workspaceId === workspaceId) of(h.agentId!, h.channel).held = h.n;
      for (const o of offered) if (o.workspaceId === workspaceId) of(o.agentId!, o.channel).offered = o.n;
      return [...rows.values()];
    },

    /** Per agent: the items they resolved or discarded since `since`. */
    async closedBy(workspaceId: string, since: Date): Promise<Map<string, number>> {
      const rows = await db
        .select({ agentId: workItems.assigneeId, n: n(sql`count(*)`) })
        .from(workItems)
        .where(
          and(
            eq(workItems.workspaceId, workspaceId),
            inArray(workItems.state, ["handled", "discarded"]),
            isNotNull(workItems.assigneeId),
            gte(workItems.closedAt, since),
          ),
        )
        .groupBy(workItems.assigneeId);
      return new Map(rows.map((r) => [r.agentId!, r.n]));
    },
  };
}
