/**
 * Hand-offs to the external contact center: each workspace's endpoint (its secret sealed by the
 * caller), the hand-offs of work items and every status each one took.
 */
import type { HandoffStatus } from "../domain/handoff.ts";
import { type Executor, forUpdate } from "./executor.ts";
import { and, asc, desc, eq, inArray } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

export interface HandoffEndpointRow {
  workspaceId: string;
  url: string;
  secret: string;
  enabled: boolean;
  allowPrivateNetwork: boolean;
  updatedAt: Date;
}

export interface HandoffRow {
  id: string;
  workspaceId: string;
  workItemId: string;
  status: HandoffStatus;
  reason: string;
  byUserId: string | null;
  externalAgent: string | null;
  attempts: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface HandoffUpdateRow {
  id: string;
  handoffId: string;
  status: string;
  agent: string | null;
  note: string | null;
  at: Date;
}

export function handoffRepository(x: Executor) {
  const { db } = x;
  const { handoffEndpoints, handoffs, handoffUpdates, users } = x.t;
  return {
    async endpoint(workspaceId: string): Promise<HandoffEndpointRow | null> {
      const [row] = await db
        .select()
        .from(handoffEndpoints)
        .where(eq(handoffEndpoints.workspaceId, workspaceId));
      return row ?? null;
    },
    async saveEndpoint(row: HandoffEndpointRow): Promise<void> {
      const { workspaceId, ...set } = row;
      await db
        .insert(handoffEndpoints)
        .values(row)
        .onConflictDoUpdate({ target: handoffEndpoints.workspaceId, set });
    },
    async create(input: {
      workspaceId: string;
      workItemId: string;
      reason: string;
      byUserId: string;
      at: Date;
    }): Promise<HandoffRow> {
      const [row] = await db
        .insert(handoffs)
        .values({ id: uuid7(), ...input, status: "queued", createdAt: input.at, updatedAt: input.at })
        .returning();
      await db
        .insert(handoffUpdates)
        .values({ id: uuid7(), handoffId: row!.id, status: "queued", note: input.reason, at: input.at });
      return row as HandoffRow;
    },
    async get(id: string): Promise<HandoffRow | null> {
      const [row] = await db.select().from(handoffs).where(eq(handoffs.id, id));
      return (row as HandoffRow | undefined) ?? null;
    },
    /** The hand-off, its row locked for the transaction (PostgreSQL; SQLite has one writer). */
    async lock(id: string): Promise<HandoffRow | null> {
      const [row] = await forUpdate(x, db.select().from(handoffs).where(eq(handoffs.id, id)));
      return (row as HandoffRow | undefined) ?? null;
    },
    /** Moves the hand-off to `status` and records the step in its history. */
    async setStatus(
      id: string,
      change: {
        status: HandoffStatus;
        agent?: string | null;
        note?: string | null;
        error?: string | null;
        at: Date;
      },
    ): Promise<void> {
      await db
        .update(handoffs)
        .set({
          status: change.status,
          updatedAt: change.at,
          ...(change.agent ? { externalAgent: change.agent } : {}),
          ...(change.error !== undefined ? { error: change.error } : {}),
        })
        .where(eq(handoffs.id, id));
      // Time-ordered ids keep the history in order when two steps share a millisecond.
      await db.insert(handoffUpdates).values({
        id: uuid7(),
        handoffId: id,
        status: change.status,
        agent: change.agent ?? null,
        note: change.note ?? change.error ?? null,
        at: change.at,
      });
    },
    async countAttempt(id: string, attempts: number): Promise<void> {
      await db.update(handoffs).set({ attempts }).where(eq(handoffs.id, id));
    },
    /** A work item's hand-offs, newest first, each with its statuses in order and who handed it off. */
    async forWorkItem(
      workspaceId: string,
      workItemId: string,
    ): Promise<(HandoffRow & { byName: string | null; updates: HandoffUpdateRow[] })[]> {
      const rows = await db
        .select({ handoff: handoffs, byName: users.name })
        .from(handoffs)
        .leftJoin(users, eq(users.id, handoffs.byUserId))
        .where(and(eq(handoffs.workspaceId, workspaceId), eq(handoffs.workItemId, workItemId)))
        .orderBy(desc(handoffs.createdAt), desc(handoffs.id));
      if (rows.length === 0) return [];
      const updates = await db
        .select()
        .from(handoffUpdates)
        .where(
          inArray(
            handoffUpdates.handoffId,
            rows.map((r) => r.handoff.id),
          ),
        )
        .orderBy(asc(handoffUpdates.at), asc(handoffUpdates.id));
      return rows.map((r) => ({
        ...(r.handoff as HandoffRow),
        byName: r.byName,
        updates: updates.filter((u) => u.handoffId === r.handoff.id),
      }));
    },
  };
}
