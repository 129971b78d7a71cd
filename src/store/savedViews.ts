/** Agents' saved inbox views, each user's own. */
import type { SavedView } from "../domain/inboxFilter.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

export type SavedViewRow = Tables["savedViews"]["$inferSelect"];

export function savedViewRepository(x: Executor) {
  const { db } = x;
  const { savedViews } = x.t;
  const mine = (workspaceId: string, userId: string) =>
    and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.userId, userId));
  return {
    async list(workspaceId: string, userId: string): Promise<SavedViewRow[]> {
      return db.select().from(savedViews).where(mine(workspaceId, userId)).orderBy(asc(savedViews.name));
    },
    /** Saves the view under its name, replacing the user's view of that name if there is one. */
    async save(workspaceId: string, userId: string, name: string, view: SavedView): Promise<SavedViewRow> {
      const [row] = await db
        .insert(savedViews)
        .values({ workspaceId, userId, name, view })
        .onConflictDoUpdate({
          target: [savedViews.userId, savedViews.name],
          set: { view, updatedAt: new Date() },
        })
        .returning();
      return row!;
    },
    async remove(workspaceId: string, userId: string, id: string): Promise<boolean> {
      const gone = await db
        .delete(savedViews)
        .where(and(mine(workspaceId, userId), eq(savedViews.id, id)))
        .returning({ id: savedViews.id });
      return gone.length > 0;
    },
  };
}
