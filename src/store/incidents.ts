/**
 * Incidents and the work items they group. An item's reply is recorded on it in the reply's own
 * transaction (`claimReply`, only while none is recorded), so an incident's answer never writes
 * two replies for one item, however often or concurrently it runs.
 */
import { type Executor, forUpdate, isOpen } from "./executor.ts";
import { and, desc, eq, gte, inArray, isNull, lt, notExists, sql } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";
import { shownLabel } from "./views.ts";

/** `open` gathers items; `answering`: the answer was given and its job is going through them. */
/** What a spike that opens an incident is counted by. */
export type IncidentDimension = "topic" | "intent" | "sentiment";

export type IncidentState = "open" | "answering" | "answered";
export type IncidentOutcome = "replied" | "skipped" | "failed";

export interface IncidentRow {
  id: string;
  workspaceId: string;
  ruleId: string | null;
  alertId: string | null;
  dimension: string;
  key: string;
  title: string;
  summary: string;
  state: IncidentState;
  answerText: string | null;
  answeredByUserId: string | null;
  answeredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IncidentItemRow {
  workItemId: string;
  addedAt: Date;
  replyId: string | null;
  outcome: IncidentOutcome | null;
  error: string | null;
  /** Null when the work item is gone (erased or removed by retention). */
  state: string | null;
  conversationId: string | null;
  postText: string | null;
  postChannel: "public" | "private" | null;
  authorHandle: string | null;
  authorName: string | null;
  replyStatus: string | null;
  replySentAt: Date | null;
}

export interface IncidentCounts {
  items: number;
  replied: number;
  failed: number;
  skipped: number;
  /** Items handled or discarded. */
  closed: number;
  /** Replies of the answer by their state. */
  sent: number;
  queued: number;
  replyFailed: number;
  awaitingApproval: number;
}

export function incidentRepository(x: Executor) {
  const { db } = x;
  const { incidents: i, incidentItems: ii, workItems: w, posts: p, authors, replies: r } = x.t;
  return {
    async create(
      row: Pick<
        IncidentRow,
        "workspaceId" | "ruleId" | "alertId" | "dimension" | "key" | "title" | "summary"
      >,
      at: Date,
    ): Promise<IncidentRow> {
      const [created] = await db
        .insert(i)
        .values({ id: uuid7(), ...row, state: "open", createdAt: at, updatedAt: at })
        .returning();
      return created as IncidentRow;
    },
    /** The rule's open incident about this key, if any. */
    async openFor(workspaceId: string, ruleId: string, key: string): Promise<IncidentRow | null> {
      const [row] = await db
        .select()
        .from(i)
        .where(and(eq(i.workspaceId, workspaceId), eq(i.ruleId, ruleId), eq(i.key, key), eq(i.state, "open")))
        .orderBy(desc(i.createdAt))
        .limit(1);
      return (row as IncidentRow | undefined) ?? null;
    },
    async get(workspaceId: string, id: string): Promise<IncidentRow | null> {
      const [row] = await db
        .select()
        .from(i)
        .where(and(eq(i.workspaceId, workspaceId), eq(i.id, id)));
      return (row as IncidentRow | undefined) ?? null;
    },
    /** The incident, its row locked for the transaction (PostgreSQL; SQLite has one writer). */
    async lock(workspaceId: string, id: string): Promise<IncidentRow | null> {
      const [row] = await forUpdate(
        x,
        db
          .select()
          .from(i)
          .where(and(eq(i.workspaceId, workspaceId), eq(i.id, id))),
      );
      return (row as IncidentRow | undefined) ?? null;
    },
    async list(workspaceId: string, limit: number): Promise<IncidentRow[]> {
      return (await db
        .select()
        .from(i)
        .where(eq(i.workspaceId, workspaceId))
        .orderBy(desc(i.createdAt), desc(i.id))
        .limit(limit)) as IncidentRow[];
    },
    async update(
      id: string,
      set: Partial<Pick<IncidentRow, "state" | "answerText" | "answeredByUserId" | "answeredAt" | "summary">>,
      at: Date,
    ): Promise<void> {
      await db
        .update(i)
        .set({ ...set, updatedAt: at })
        .where(eq(i.id, id));
    },

    /**
     * Open work items of conversations with a post whose shown label in `dimension` is `value`
     * (null: posts without a topic) posted in [from, to), not already in an open or answering
     * incident; at most `limit`, oldest first.
     */
    async openItemsWith(
      workspaceId: string,
      dimension: IncidentDimension,
      value: string | null,
      from: Date,
      to: Date,
      limit: number,
    ): Promise<string[]> {
      const inOpenIncident = db
        .select({ one: sql`1` })
        .from(ii)
        .innerJoin(i, eq(i.id, ii.incidentId))
        // An item being answered belongs to its incident until that is answered.
        .where(and(eq(ii.workItemId, w.id), inArray(i.state, ["open", "answering"])));
      const label = shownLabel(x, dimension);
      const rows = await db
        .selectDistinct({ id: w.id, createdAt: w.createdAt })
        .from(p)
        .innerJoin(w, and(eq(w.workspaceId, workspaceId), eq(w.conversationId, p.conversationId)))
        .where(
          and(
            eq(p.workspaceId, workspaceId),
            value === null ? isNull(label) : eq(label, value),
            gte(p.postedAt, from),
            lt(p.postedAt, to),
            isOpen(w.state),
            notExists(inOpenIncident),
          ),
        )
        .orderBy(w.createdAt, w.id)
        .limit(limit);
      return rows.map((row) => row.id);
    },
    /** Adds work items to the incident; those already in it are left alone. The number added. */
    async addItems(incidentId: string, workItemIds: readonly string[], at: Date): Promise<number> {
      if (workItemIds.length === 0) return 0;
      const rows = await db
        .insert(ii)
        .values(workItemIds.map((workItemId) => ({ id: uuid7(), incidentId, workItemId, addedAt: at })))
        .onConflictDoNothing()
        .returning({ id: ii.id });
      return rows.length;
    },
    async items(incidentId: string): Promise<IncidentItemRow[]> {
      return (await db
        .select({
          workItemId: ii.workItemId,
          addedAt: ii.addedAt,
          replyId: ii.replyId,
          outcome: ii.outcome,
          error: ii.error,
          state: w.state,
          conversationId: w.conversationId,
          postText: p.text,
          postChannel: p.channel,
          authorHandle: authors.handle,
          authorName: authors.name,
          replyStatus: r.status,
          replySentAt: r.sentAt,
        })
        .from(ii)
        .leftJoin(w, eq(w.id, ii.workItemId))
        .leftJoin(p, eq(p.id, w.postId))
        .leftJoin(authors, eq(authors.id, p.authorId))
        .leftJoin(r, eq(r.id, ii.replyId))
        .where(eq(ii.incidentId, incidentId))
        .orderBy(ii.addedAt, ii.id)) as IncidentItemRow[];
    },
    /** Records the item's reply unless one is recorded already; whether it was recorded. */
    async claimReply(incidentId: string, workItemId: string, replyId: string): Promise<boolean> {
      const rows = await db
        .update(ii)
        .set({ replyId, outcome: "replied", error: null })
        .where(and(eq(ii.incidentId, incidentId), eq(ii.workItemId, workItemId), isNull(ii.replyId)))
        .returning({ id: ii.id });
      return rows.length > 0;
    },
    /** Marks an item without a reply as skipped or failed (with why). */
    async setOutcome(
      incidentId: string,
      workItemId: string,
      outcome: "skipped" | "failed",
      error: string | null,
    ): Promise<void> {
      await db
        .update(ii)
        .set({ outcome, error })
        .where(and(eq(ii.incidentId, incidentId), eq(ii.workItemId, workItemId), isNull(ii.replyId)));
    },
    /** Each incident's counts, by id. */
    async counts(incidentIds: readonly string[]): Promise<Map<string, IncidentCounts>> {
      const out = new Map<string, IncidentCounts>();
      if (incidentIds.length === 0) return out;
      const when = (cond: ReturnType<typeof sql>) =>
        sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
      const rows = await db
        .select({
          id: ii.incidentId,
          items: sql<number>`count(*)`,
          replied: when(sql`${ii.outcome} = 'replied'`),
          failed: when(sql`${ii.outcome} = 'failed'`),
          skipped: when(sql`${ii.outcome} = 'skipped'`),
          closed: when(sql`${w.state} in ('handled', 'discarded')`),
          sent: when(sql`${r.status} = 'sent'`),
          queued: when(sql`${r.status} = 'queued'`),
          replyFailed: when(sql`${r.status} = 'failed'`),
          awaitingApproval: when(sql`${r.status} = 'awaiting_approval'`),
        })
        .from(ii)
        .leftJoin(w, eq(w.id, ii.workItemId))
        .leftJoin(r, eq(r.id, ii.replyId))
        .where(inArray(ii.incidentId, [...incidentIds]))
        .groupBy(ii.incidentId);
      for (const row of rows) {
        out.set(row.id, {
          items: Number(row.items),
          replied: Number(row.replied),
          failed: Number(row.failed),
          skipped: Number(row.skipped),
          closed: Number(row.closed),
          sent: Number(row.sent),
          queued: Number(row.queued),
          replyFailed: Number(row.replyFailed),
          awaitingApproval: Number(row.awaitingApproval),
        });
      }
      return out;
    },
  };
}
