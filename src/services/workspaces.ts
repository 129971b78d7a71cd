/**
 * Workspaces for a brand of one's own: the brand's handles and names, and a starter campaign
 * built from them so posts naming the brand match from the first import.
 */

import { parseQuery } from "../domain/query.ts";
import type { WorkspaceView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";

export interface WorkspaceInput {
  name: string;
  /** The brand's own accounts, with or without @. */
  handles: string[];
  /** The brand's names and aliases as people write them ("Lumen Mobile", "Lumen"). */
  names?: string[];
}

const HANDLE = /^@?[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** A campaign query matching the brand's handles and its names (each as a phrase). */
export function starterQuery(handles: string[], names: string[]): string {
  const phrases = names.map((n) => n.replaceAll('"', " ").replace(/\s+/g, " ").trim()).filter(Boolean);
  const terms = [...handles.map((h) => `@${h}`), ...phrases.map((n) => `"${n}"`)];
  const query = [...new Set(terms)].join(" OR ");
  // A name the query language cannot hold as a phrase leaves the handles to match.
  try {
    parseQuery(query);
    return query;
  } catch {
    return handles.map((h) => `@${h}`).join(" OR ");
  }
}

export function workspaceService(store: Store) {
  return {
    async create(input: WorkspaceInput): Promise<WorkspaceView & { campaignId: string }> {
      const name = input.name.trim();
      if (!name) throw new ParleyError("validation_failed", "A workspace needs a name");
      const handles = [...new Set(input.handles.map((h) => h.trim()).filter(Boolean))];
      if (handles.length === 0)
        throw new ParleyError("validation_failed", "Give the brand's handles, e.g. --handles acmehelp,acme");
      const bad = handles.find((h) => !HANDLE.test(h));
      if (bad) throw new ParleyError("validation_failed", `"${bad}" is not a handle`);
      const names = [...new Set((input.names ?? [name]).map((n) => n.trim()).filter(Boolean))];
      return store.transaction(async (tx) => {
        await tx.workspaces.lockCreation();
        const workspace = await tx.workspaces.create({ name, brandHandles: handles, brandNames: names });
        const campaign = await tx.campaigns.create(workspace.id, {
          name: `Everything about ${name}`,
          query: starterQuery(workspace.brandHandles, names),
          // The brand's own posts are answers, not voices to route.
          excludeAuthors: workspace.brandHandles,
        });
        return { ...workspace, campaignId: campaign.id };
      });
    },
    list: () => store.workspaces.list(),
    async get(id: string): Promise<WorkspaceView> {
      const workspace = /^[0-9a-f-]{36}$/i.test(id) ? await store.workspaces.get(id) : null;
      if (!workspace)
        throw new ParleyError("not_found", `No workspace with id ${id}: see parley workspace list`);
      return workspace;
    },
  };
}
