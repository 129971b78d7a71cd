/**
 * Work items' history rows (`work_item_history`): written by the outbox relay, once per event,
 * and read per item in the order the events were logged.
 */
import type { HistoryKind, HistoryRow } from "../domain/itemHistory.ts";
import type { Executor } from "./executor.ts";
import { ofWorkspace } from "./executor.ts";
import { and, asc, eq, inArray } from "./orm.ts";

const STEP = 500;

export function itemHistoryRepository(x: Executor) {
  const { db } = x;
  const { workItemHistory, workItems } = x.t;
  return {
    /**
     * Stores the rows of items that still exist (an item erased before its events were relayed
     * has no history to keep); a row already stored for its event is left as it is.
     */
    async record(rows: readonly HistoryRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += STEP) {
        const chunk = rows.slice(i, i + STEP);
        const ids = [...new Set(chunk.map((r) => r.workItemId))];
        const alive = new Set(
          (await db.select({ id: workItems.id }).from(workItems).where(inArray(workItems.id, ids))).map(
            (r) => r.id,
          ),
        );
        const kept = chunk.filter((r) => alive.has(r.workItemId));
        if (kept.length > 0) await db.insert(workItemHistory).values(kept).onConflictDoNothing();
      }
    },
    /** One item's history, oldest first. */
    async forItem(workspaceId: string, workItemId: string): Promise<HistoryRow[]> {
      const rows = await db
        .select()
        .from(workItemHistory)
        .where(
          and(
            eq(workItemHistory.workItemId, workItemId),
            ofWorkspace(x, workItemHistory.workspaceId, workspaceId),
          ),
        )
        .orderBy(asc(workItemHistory.seq));
      return rows.map((r) => ({ ...r, kind: r.kind as HistoryKind }));
    },
  };
}
