/**
 * Service levels in the store: calendars, policies, and each work item's SLA row (its facts and
 * the clocks replayed from them). `outcomes` is the one read reports build on: which items under a
 * policy met or breached, with their queue and agent.
 */
import type { CalendarSpec } from "../domain/sla/calendar.ts";
import type { SlaFact } from "../domain/sla/clock.ts";
import type { SlaFacts, SlaPolicy } from "../domain/sla/policy.ts";
import type { WorkItemState } from "../domain/workItem.ts";
import { confirmedTier } from "./customerTier.ts";
import { type Executor, forUpdate, isOpen, ofWorkspace } from "./executor.ts";
import { and, asc, eq, gte, inArray, isNotNull, lt, ne, or, sql } from "./orm.ts";

export interface CalendarRecord extends CalendarSpec {
  id: string;
  name: string;
}

export type PolicyInput = Omit<SlaPolicy, "id">;

export interface ItemSlaRow {
  workItemId: string;
  policyId: string | null;
  facts: SlaFact[];
  status: "running" | "paused" | "stopped";
  state: "on_time" | "at_risk" | "breached";
  breached: boolean;
  dueAt: Date | null;
  dueTarget: "first_response" | "next_response" | "resolution" | null;
  remainingMs: number | null;
  escalated: string[];
  openedAt: Date;
  closedAt: Date | null;
}

/** What the SLA service reads of a work item: its policy facts and where it stands. */
export interface ItemSlaFacts extends SlaFacts {
  state: WorkItemState;
  assigneeId: string | null;
  createdAt: Date;
  /** The brand's first post in the thread after the item opened, as ingest marked it. */
  firstResponseAt: Date | null;
}

export interface SlaOutcome {
  workItemId: string;
  conversationId: string;
  policyId: string | null;
  queueId: string | null;
  agentId: string | null;
  breached: boolean;
  openedAt: Date;
  closedAt: Date | null;
}

export function slaRepository(x: Executor) {
  const { db } = x;
  const { slaCalendars, slaPolicies, workItemSlas, workItems, posts, authors } = x.t;

  const presentCalendar = (r: typeof slaCalendars.$inferSelect): CalendarRecord => ({
    id: r.id,
    name: r.name,
    timeZone: r.timeZone,
    hours: r.hours,
    holidays: r.holidays,
  });
  const presentPolicy = (r: typeof slaPolicies.$inferSelect): SlaPolicy => ({
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    conditions: r.conditions,
    firstResponseMs: r.firstResponseMs,
    nextResponseMs: r.nextResponseMs,
    resolutionMs: r.resolutionMs,
    warnBeforeMs: r.warnBeforeMs,
    calendarId: r.calendarId,
    escalations: r.escalations,
  });
  const presentItem = (r: typeof workItemSlas.$inferSelect): ItemSlaRow => ({
    workItemId: r.workItemId,
    policyId: r.policyId,
    facts: r.facts,
    status: r.status,
    state: r.state,
    breached: r.breached,
    dueAt: r.dueAt,
    dueTarget: r.dueTarget,
    remainingMs: r.remainingMs,
    escalated: r.escalated,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
  });

  return {
    async calendars(workspaceId: string): Promise<CalendarRecord[]> {
      const rows = await db
        .select()
        .from(slaCalendars)
        .where(eq(slaCalendars.workspaceId, workspaceId))
        .orderBy(asc(slaCalendars.name));
      return rows.map(presentCalendar);
    },
    async calendar(workspaceId: string, id: string): Promise<CalendarRecord | null> {
      const [row] = await db
        .select()
        .from(slaCalendars)
        .where(and(eq(slaCalendars.workspaceId, workspaceId), eq(slaCalendars.id, id)));
      return row ? presentCalendar(row) : null;
    },
    async createCalendar(workspaceId: string, input: Omit<CalendarRecord, "id">): Promise<CalendarRecord> {
      const [row] = await db
        .insert(slaCalendars)
        .values({ workspaceId, ...input, hours: [...input.hours], holidays: [...input.holidays] })
        .returning();
      return presentCalendar(row!);
    },
    async updateCalendar(
      workspaceId: string,
      id: string,
      input: Omit<CalendarRecord, "id">,
    ): Promise<CalendarRecord | null> {
      const [row] = await db
        .update(slaCalendars)
        .set({ ...input, hours: [...input.hours], holidays: [...input.holidays], updatedAt: new Date() })
        .where(and(eq(slaCalendars.workspaceId, workspaceId), eq(slaCalendars.id, id)))
        .returning();
      return row ? presentCalendar(row) : null;
    },
    async calendarInUse(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .select({ id: slaPolicies.id })
        .from(slaPolicies)
        .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.calendarId, id)))
        .limit(1);
      return rows.length > 0;
    },
    async deleteCalendar(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(slaCalendars)
        .where(and(eq(slaCalendars.workspaceId, workspaceId), eq(slaCalendars.id, id)))
        .returning({ id: slaCalendars.id });
      return rows.length > 0;
    },

    async policies(workspaceId: string): Promise<SlaPolicy[]> {
      const rows = await db
        .select()
        .from(slaPolicies)
        .where(eq(slaPolicies.workspaceId, workspaceId))
        .orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
      return rows.map(presentPolicy);
    },
    async policy(workspaceId: string, id: string): Promise<SlaPolicy | null> {
      const [row] = await db
        .select()
        .from(slaPolicies)
        .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
      return row ? presentPolicy(row) : null;
    },
    async createPolicy(workspaceId: string, input: PolicyInput): Promise<SlaPolicy> {
      const [row] = await db
        .insert(slaPolicies)
        .values({
          workspaceId,
          ...input,
          conditions: [...input.conditions],
          escalations: [...input.escalations],
        })
        .returning();
      return presentPolicy(row!);
    },
    async updatePolicy(workspaceId: string, id: string, input: PolicyInput): Promise<SlaPolicy | null> {
      const [row] = await db
        .update(slaPolicies)
        .set({
          ...input,
          conditions: [...input.conditions],
          escalations: [...input.escalations],
          updatedAt: new Date(),
        })
        .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)))
        .returning();
      return row ? presentPolicy(row) : null;
    },
    async deletePolicy(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(slaPolicies)
        .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)))
        .returning({ id: slaPolicies.id });
      return rows.length > 0;
    },

    /** What a policy's conditions and the clocks read of an item; null when there is no such item. */
    async itemFacts(workspaceId: string, workItemId: string): Promise<ItemSlaFacts | null> {
      const [row] = await db
        .select({
          queueId: workItems.queue,
          priority: workItems.priority,
          state: workItems.state,
          assigneeId: workItems.assigneeId,
          createdAt: workItems.createdAt,
          firstResponseAt: workItems.firstResponseAt,
          platform: posts.platform,
          channel: posts.channel,
          authorId: posts.authorId,
        })
        .from(workItems)
        .innerJoin(posts, eq(posts.id, workItems.postId))
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, workItemId)));
      if (!row) return null;
      const { authorId, ...facts } = row;
      return { ...facts, tier: await confirmedTier(x, authorId) };
    },

    /** The item's SLA row, created empty if missing, locked until the transaction ends. */
    async lockItem(workspaceId: string, workItemId: string, openedAt: Date): Promise<ItemSlaRow> {
      await db.insert(workItemSlas).values({ workItemId, workspaceId, openedAt }).onConflictDoNothing();
      const [row] = await forUpdate(
        x,
        db
          .select()
          .from(workItemSlas)
          .where(and(eq(workItemSlas.workspaceId, workspaceId), eq(workItemSlas.workItemId, workItemId))),
      );
      return presentItem(row!);
    },
    async saveItem(
      workspaceId: string,
      workItemId: string,
      value: Omit<ItemSlaRow, "workItemId">,
    ): Promise<void> {
      await db
        .update(workItemSlas)
        .set({ ...value, updatedAt: new Date() })
        .where(and(eq(workItemSlas.workspaceId, workspaceId), eq(workItemSlas.workItemId, workItemId)));
    },
    async items(workspaceId: string, workItemIds: readonly string[]): Promise<ItemSlaRow[]> {
      if (!workItemIds.length) return [];
      const rows = await db
        .select()
        .from(workItemSlas)
        .where(
          and(eq(workItemSlas.workspaceId, workspaceId), inArray(workItemSlas.workItemId, [...workItemIds])),
        );
      return rows.map(presentItem);
    },
    /**
     * Items whose clocks a policy or calendar change may move: every SLA row not yet stopped, and
     * every open item (one opened while no policy existed has no row yet).
     */
    async unstopped(workspaceId: string): Promise<string[]> {
      const [rows, open] = await Promise.all([
        db
          .select({ id: workItemSlas.workItemId })
          .from(workItemSlas)
          .where(and(eq(workItemSlas.workspaceId, workspaceId), ne(workItemSlas.status, "stopped"))),
        db
          .select({ id: workItems.id })
          .from(workItems)
          .where(and(eq(workItems.workspaceId, workspaceId), isOpen(workItems.state))),
      ]);
      return [...new Set([...rows, ...open].map((r) => r.id))];
    },
    /** Whether the workspace has any SLA policy: without one, items keep no SLA rows. */
    async hasPolicies(workspaceId: string): Promise<boolean> {
      const rows = await db
        .select({ id: slaPolicies.id })
        .from(slaPolicies)
        .where(eq(slaPolicies.workspaceId, workspaceId))
        .limit(1);
      return rows.length > 0;
    },
    /** An escalation raised the item's priority (capped at 100); its version moves as any change. */
    async raisePriority(workspaceId: string, workItemId: string, amount: number): Promise<void> {
      await db
        .update(workItems)
        .set({
          priority:
            x.dialect === "postgres"
              ? sql`least(${workItems.priority} + ${amount}, 100)`
              : sql`min(${workItems.priority} + ${amount}, 100)`,
          version: sql`${workItems.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, workItemId)));
    },

    /**
     * For stored posts: the open work item of each one's conversation, and whether the brand wrote
     * it. The post that opened an item is not a later customer post of it.
     */
    async postTargets(
      workspaceId: string,
      postIds: readonly string[],
    ): Promise<{ postId: string; workItemId: string; brand: boolean }[]> {
      if (!postIds.length) return [];
      // Three lookups by key rather than one join: each is answered by its index whatever the
      // planner estimates, so a batch costs the same in a small store and a large one.
      const found = await db
        .select({ id: posts.id, conversationId: posts.conversationId, authorId: posts.authorId })
        .from(posts)
        .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.id, [...postIds])));
      if (!found.length) return [];
      const open = await db
        .select({ id: workItems.id, conversationId: workItems.conversationId, opening: workItems.postId })
        .from(workItems)
        .where(
          and(
            inArray(workItems.conversationId, [...new Set(found.map((f) => f.conversationId))]),
            isOpen(workItems.state),
          ),
        );
      const itemOf = new Map(open.map((w) => [w.conversationId, w]));
      const brand = await db
        .select({ id: authors.id, isBrand: authors.isBrand })
        .from(authors)
        .where(inArray(authors.id, [...new Set(found.map((f) => f.authorId))]));
      const brandAuthor = new Map(brand.map((a) => [a.id, a.isBrand]));
      return found.flatMap((f) => {
        const item = itemOf.get(f.conversationId);
        if (!item || item.opening === f.id || !brandAuthor.has(f.authorId)) return [];
        return [{ postId: f.id, workItemId: item.id, brand: brandAuthor.get(f.authorId)! }];
      });
    },

    /**
     * Decided items under a policy opened in [from, to): stopped ones, and running ones already
     * breached. Running items still on time have no outcome yet.
     */
    async outcomes(workspaceId: string, from: Date, to: Date): Promise<SlaOutcome[]> {
      const rows = await db
        .select({
          workItemId: workItemSlas.workItemId,
          conversationId: workItems.conversationId,
          policyId: workItemSlas.policyId,
          queueId: workItems.queue,
          agentId: workItems.assigneeId,
          breached: workItemSlas.breached,
          openedAt: workItemSlas.openedAt,
          closedAt: workItemSlas.closedAt,
        })
        .from(workItemSlas)
        .innerJoin(workItems, eq(workItems.id, workItemSlas.workItemId))
        .where(
          and(
            eq(workItemSlas.workspaceId, workspaceId),
            isNotNull(workItemSlas.policyId),
            gte(workItemSlas.openedAt, from),
            lt(workItemSlas.openedAt, to),
            or(eq(workItemSlas.status, "stopped"), eq(workItemSlas.breached, true)),
          ),
        )
        .orderBy(asc(workItemSlas.openedAt), asc(workItemSlas.workItemId))
        .limit(100_000);
      return rows;
    },
  };
}
