/**
 * Alert rules (their webhook secret sealed by the caller), the alerts they fired or held back,
 * and each alert's deliveries, one per channel. An alert is unique per (rule, what it is about),
 * so a job that runs twice stores it once.
 */
import type { AlertChannel, AlertCondition, AlertKind, AlertPost, AlertWhy } from "../domain/alerts.ts";
import { type Executor, forUpdate, ofWorkspace } from "./executor.ts";
import { and, desc, eq, gt, gte, inArray, lt, ne, or, sql } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

export interface AlertRuleRow {
  id: string;
  workspaceId: string;
  name: string;
  kind: AlertKind;
  condition: AlertCondition;
  channels: AlertChannel[];
  secret: string;
  enabled: boolean;
  quietMinutes: number;
  allowPrivateNetwork: boolean;
  lastFiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertRow {
  id: string;
  workspaceId: string;
  ruleId: string;
  dedupeKey: string;
  status: "fired" | "suppressed";
  why: AlertWhy;
  postIds: string[];
  suppressedBefore: number;
  firedAt: Date;
}

export interface AlertDeliveryRow {
  id: string;
  alertId: string;
  channel: number;
  type: "webhook" | "email" | "chat";
  target: string;
  status: "queued" | "delivered" | "failed";
  attempts: number;
  error: string | null;
  updatedAt: Date;
}

export function alertRepository(x: Executor) {
  const { db } = x;
  const { alertRules: r, alerts: a, alertDeliveries: d, posts: p, authors, campaigns } = x.t;
  return {
    async createRule(
      row: Omit<AlertRuleRow, "id" | "lastFiredAt" | "createdAt" | "updatedAt">,
      at: Date,
    ): Promise<AlertRuleRow> {
      const [created] = await db
        .insert(r)
        .values({ id: uuid7(), ...row, createdAt: at, updatedAt: at })
        .returning();
      return created as AlertRuleRow;
    },
    async updateRule(
      workspaceId: string,
      id: string,
      set: Partial<Omit<AlertRuleRow, "id" | "workspaceId" | "createdAt">>,
    ): Promise<AlertRuleRow | null> {
      const [row] = await db
        .update(r)
        .set(set)
        .where(and(eq(r.workspaceId, workspaceId), eq(r.id, id)))
        .returning();
      return (row as AlertRuleRow | undefined) ?? null;
    },
    async deleteRule(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(r)
        .where(and(eq(r.workspaceId, workspaceId), eq(r.id, id)))
        .returning({ id: r.id });
      return rows.length > 0;
    },
    async rule(workspaceId: string, id: string): Promise<AlertRuleRow | null> {
      const [row] = await db
        .select()
        .from(r)
        .where(and(eq(r.workspaceId, workspaceId), eq(r.id, id)));
      return (row as AlertRuleRow | undefined) ?? null;
    },
    /** The rule, its row locked for the transaction (PostgreSQL; SQLite has one writer). */
    async lockRule(id: string): Promise<AlertRuleRow | null> {
      const [row] = await forUpdate(x, db.select().from(r).where(eq(r.id, id)));
      return (row as AlertRuleRow | undefined) ?? null;
    },
    async rules(workspaceId: string, kinds?: readonly AlertKind[]): Promise<AlertRuleRow[]> {
      return (await db
        .select()
        .from(r)
        .where(and(eq(r.workspaceId, workspaceId), kinds ? inArray(r.kind, [...kinds]) : undefined))
        .orderBy(r.createdAt, r.id)) as AlertRuleRow[];
    },
    /** Workspaces with an enabled rule of these kinds (the window job's round). */
    async workspacesWith(kinds: readonly AlertKind[]): Promise<string[]> {
      const rows = await db
        .selectDistinct({ id: r.workspaceId })
        .from(r)
        .where(and(eq(r.enabled, true), inArray(r.kind, [...kinds])));
      return rows.map((row) => row.id);
    },

    /** What per-post rules read of a batch: labels, author and whether the author is a VIP. */
    async posts(workspaceId: string, postIds: readonly string[]): Promise<AlertPost[]> {
      const out: AlertPost[] = [];
      const { identityLinks, customers } = x.t;
      for (let i = 0; i < postIds.length; i += 500) {
        const rows = await db
          .select({
            id: p.id,
            text: p.text,
            authorId: p.authorId,
            handle: authors.handle,
            intent: p.intent,
            topic: p.topic,
            sentiment: p.sentiment,
            language: p.language,
            platform: p.platform,
            campaignIds: p.campaignIds,
          })
          .from(p)
          .innerJoin(authors, eq(authors.id, p.authorId))
          .where(
            and(
              ofWorkspace(x, p.workspaceId, workspaceId),
              inArray(p.id, postIds.slice(i, i + 500)),
              ne(p.direction, "from_brand"),
            ),
          );
        if (rows.length === 0) continue;
        const campaignIds = [...new Set(rows.flatMap((row) => row.campaignIds))];
        const lists = campaignIds.length
          ? await db
              .select({ id: campaigns.id, vip: campaigns.vipAuthors })
              .from(campaigns)
              .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, campaignIds)))
          : [];
        const vipOf = new Map(
          lists.map((c) => [c.id, new Set(c.vip.map((v) => v.replace(/^@/, "").toLowerCase()))]),
        );
        // A profile confirmed as a VIP customer's is a VIP author too, as routing reads it.
        const vipCustomers = await db
          .selectDistinct({ authorId: identityLinks.authorId })
          .from(identityLinks)
          .innerJoin(customers, eq(customers.id, identityLinks.customerId))
          .where(
            and(
              inArray(identityLinks.authorId, [...new Set(rows.map((row) => row.authorId))]),
              eq(identityLinks.status, "confirmed"),
              eq(customers.tier, "vip"),
            ),
          );
        const vipAuthors = new Set(vipCustomers.map((v) => v.authorId));
        for (const row of rows) {
          const handle = row.handle.replace(/^@/, "").toLowerCase();
          out.push({
            id: row.id,
            text: row.text,
            authorId: row.authorId,
            authorHandle: row.handle,
            intent: row.intent,
            topic: row.topic,
            sentiment: row.sentiment,
            language: row.language,
            platform: row.platform,
            vip:
              vipAuthors.has(row.authorId) || row.campaignIds.some((c) => vipOf.get(c)?.has(handle) ?? false),
          });
        }
      }
      return out;
    },

    /** Stores the alert unless the rule has one about the same thing; null when it had. */
    async createAlert(row: Omit<AlertRow, "id">): Promise<AlertRow | null> {
      const rows = await db
        .insert(a)
        .values({ id: uuid7(), ...row })
        .onConflictDoNothing()
        .returning();
      return (rows[0] as AlertRow | undefined) ?? null;
    },
    /** Alerts of the rule held back since `since` (all of them when null). */
    async suppressedSince(ruleId: string, since: Date | null): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)` })
        .from(a)
        .where(
          and(eq(a.ruleId, ruleId), eq(a.status, "suppressed"), since ? gte(a.firedAt, since) : undefined),
        );
      return Number(row?.n ?? 0);
    },
    async alert(workspaceId: string, id: string): Promise<AlertRow | null> {
      const [row] = await db
        .select()
        .from(a)
        .where(and(eq(a.workspaceId, workspaceId), eq(a.id, id)));
      return (row as AlertRow | undefined) ?? null;
    },
    /** The workspace's alerts, newest first, `before` an alert's time and id for the next page. */
    async alerts(
      workspaceId: string,
      options: { limit: number; ruleId?: string; before?: { at: Date; id: string } },
    ): Promise<AlertRow[]> {
      const { before } = options;
      return (await db
        .select()
        .from(a)
        .where(
          and(
            eq(a.workspaceId, workspaceId),
            options.ruleId ? eq(a.ruleId, options.ruleId) : undefined,
            before
              ? or(lt(a.firedAt, before.at), and(eq(a.firedAt, before.at), lt(a.id, before.id)))
              : undefined,
          ),
        )
        .orderBy(desc(a.firedAt), desc(a.id))
        .limit(options.limit)) as AlertRow[];
    },

    /** One page of the alerts fired in [from, to), in id order (ids are time-ordered), after `after`. */
    async exportPage(
      workspaceId: string,
      from: Date,
      to: Date,
      after: string | null,
      limit: number,
    ): Promise<AlertRow[]> {
      return (await db
        .select()
        .from(a)
        .where(
          and(
            eq(a.workspaceId, workspaceId),
            gte(a.firedAt, from),
            lt(a.firedAt, to),
            after ? gt(a.id, after) : undefined,
          ),
        )
        .orderBy(a.id)
        .limit(limit)) as AlertRow[];
    },

    /** The posts an alert names, with where they are read in the app (their conversation and work item). */
    async postsOf(workspaceId: string, postIds: readonly string[]) {
      if (postIds.length === 0) return [];
      const { workItems: w } = x.t;
      return db
        .select({
          id: p.id,
          text: p.text,
          author: authors.handle,
          postedAt: p.postedAt,
          conversationId: p.conversationId,
          workItemId: w.id,
        })
        .from(p)
        .innerJoin(authors, eq(authors.id, p.authorId))
        .leftJoin(w, eq(w.postId, p.id))
        .where(and(ofWorkspace(x, p.workspaceId, workspaceId), inArray(p.id, [...postIds].slice(0, 200))))
        .orderBy(desc(p.postedAt));
    },

    async createDeliveries(
      alertId: string,
      list: { channel: number; type: AlertDeliveryRow["type"]; target: string }[],
      at: Date,
    ): Promise<AlertDeliveryRow[]> {
      if (list.length === 0) return [];
      return (await db
        .insert(d)
        .values(list.map((c) => ({ id: uuid7(), alertId, ...c, status: "queued" as const, updatedAt: at })))
        .returning()) as AlertDeliveryRow[];
    },
    async delivery(id: string): Promise<AlertDeliveryRow | null> {
      const [row] = await db.select().from(d).where(eq(d.id, id));
      return (row as AlertDeliveryRow | undefined) ?? null;
    },
    async deliveries(alertIds: readonly string[]): Promise<AlertDeliveryRow[]> {
      if (alertIds.length === 0) return [];
      return (await db
        .select()
        .from(d)
        .where(inArray(d.alertId, [...alertIds]))
        .orderBy(d.alertId, d.channel)) as AlertDeliveryRow[];
    },
    async setDelivery(
      id: string,
      change: { status: AlertDeliveryRow["status"]; attempts: number; error: string | null; at: Date },
    ): Promise<void> {
      await db
        .update(d)
        .set({ status: change.status, attempts: change.attempts, error: change.error, updatedAt: change.at })
        .where(eq(d.id, id));
    },
  };
}
