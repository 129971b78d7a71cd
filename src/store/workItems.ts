/**
 * Work item state changes. The read takes a row lock (PostgreSQL) or runs under the one writer
 * (SQLite), so two agents cannot both claim an item.
 */

import type { WorkItemState } from "../domain/workItem.ts";
import { type Executor, forUpdate } from "./executor.ts";
import { and, eq, sql } from "./orm.ts";

export function workItemRepository(x: Executor) {
  const { db } = x;
  const { workItems } = x.t;
  return {
    async lockForUpdate(
      workspaceId: string,
      id: string,
    ): Promise<{ state: WorkItemState; assigneeId: string | null; version: number } | null> {
      const [row] = await forUpdate(
        x,
        db
          .select({ state: workItems.state, assigneeId: workItems.assigneeId, version: workItems.version })
          .from(workItems)
          .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id))),
      );
      return row ?? null;
    },
    async move(
      workspaceId: string,
      id: string,
      to: { state: WorkItemState; assigneeId: string | null; discardReason?: string | null },
    ): Promise<void> {
      const now = new Date();
      const closing = to.state === "handled" || to.state === "discarded" || to.state === "queued_external";
      await db
        .update(workItems)
        .set({
          state: to.state,
          assigneeId: to.assigneeId,
          discardReason: to.state === "discarded" ? (to.discardReason ?? null) : null,
          // Any move ends an offer: the item is taken, closed, or waits again.
          offeredTo: null,
          offerExpiresAt: null,
          declinedBy: [],
          updatedAt: now,
          version: sql`${workItems.version} + 1`,
          ...(to.state === "reserved" ? { reservedAt: now } : {}),
          closedAt: closing ? now : null,
        })
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id)));
    },
  };
}
