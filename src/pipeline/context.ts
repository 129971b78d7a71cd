/** Builds and caches each workspace's matcher and brand handles; campaign changes invalidate it. */
import type { Store } from "../store/index.ts";
import { CampaignMatcher } from "./match.ts";
import type { WorkspaceContext } from "./pipeline.ts";

export function workspaceContexts(store: Store) {
  const cache = new Map<string, Promise<WorkspaceContext>>();

  async function build(workspaceId: string): Promise<WorkspaceContext> {
    const [workspace, campaigns] = await Promise.all([
      store.workspaces.get(workspaceId),
      store.campaigns.list(workspaceId),
    ]);
    const matcher = new CampaignMatcher(
      campaigns
        .filter((c) => c.enabled)
        .map((c) => ({ id: c.id, query: c.query, languages: c.languages, excludeAuthors: c.excludeAuthors })),
    );
    return { brandHandles: workspace?.brandHandles ?? [], brandNames: workspace?.brandNames ?? [], matcher };
  }

  return {
    get(workspaceId: string): Promise<WorkspaceContext> {
      let context = cache.get(workspaceId);
      if (!context) {
        context = build(workspaceId);
        cache.set(workspaceId, context);
        context.catch(() => cache.delete(workspaceId));
      }
      return context;
    },
    invalidate(workspaceId: string): void {
      cache.delete(workspaceId);
    },
  };
}

export type WorkspaceContexts = ReturnType<typeof workspaceContexts>;
