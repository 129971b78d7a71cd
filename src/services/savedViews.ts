/** An agent's saved inbox views: each user sees, saves and deletes only their own. */
import { MAX_SAVED_VIEWS, type SavedView, type SavedViewView } from "../domain/inboxFilter.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { SavedViewRow } from "../store/savedViews.ts";
import type { Principal } from "./auth.ts";

const present = (row: SavedViewRow): SavedViewView => ({
  id: row.id,
  name: row.name,
  view: row.view,
  updatedAt: row.updatedAt.toISOString(),
});

export function savedViewService(store: Store) {
  return {
    async list(principal: Principal): Promise<{ items: SavedViewView[] }> {
      const rows = await store.savedViews.list(principal.workspace.id, principal.user.id);
      return { items: rows.map(present) };
    },

    /** Saves under the name; a view of the same name is replaced. */
    async save(principal: Principal, input: { name: string; view: SavedView }): Promise<SavedViewView> {
      const { id: workspaceId } = principal.workspace;
      const userId = principal.user.id;
      const name = input.name.trim();
      if (!name) throw new ParleyError("validation_failed", "A saved view needs a name");
      return store.transaction(async (tx) => {
        const existing = await tx.savedViews.list(workspaceId, userId);
        if (!existing.some((row) => row.name === name) && existing.length >= MAX_SAVED_VIEWS) {
          throw new ParleyError("too_many_saved_views");
        }
        return present(await tx.savedViews.save(workspaceId, userId, name, input.view));
      });
    },

    async remove(principal: Principal, id: string): Promise<void> {
      if (!(await store.savedViews.remove(principal.workspace.id, principal.user.id, id))) {
        throw new ParleyError("not_found", "No such saved view");
      }
    },
  };
}
