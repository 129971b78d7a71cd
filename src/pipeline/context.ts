/**
 * Builds and caches what the pipeline needs per workspace: the campaign matcher, brand handles and
 * names, the analysis profile and trusted relevance filters. Changes to any of them invalidate it.
 */
import { RelevanceFilter } from "../analysis/index.ts";
import { RELEVANCE_MIN_DECISIONS } from "../domain/relevance.ts";
import { allBrandHandles, authorKind } from "../domain/workspaceSettings.ts";
import type { Store } from "../store/index.ts";
import type { AnalysisProfile } from "./analysisProfile.ts";
import { CampaignMatcher } from "./match.ts";
import type { WorkspaceContext } from "./pipeline.ts";

export function workspaceContexts(store: Store) {
  const cache = new Map<string, Promise<WorkspaceContext>>();

  async function build(workspaceId: string): Promise<WorkspaceContext> {
    const [workspace, campaigns, models, brandAccounts] = await Promise.all([
      store.workspaces.get(workspaceId),
      store.campaigns.list(workspaceId),
      store.models.get(workspaceId),
      store.posts.brandAccounts(workspaceId),
    ]);
    const enabled = campaigns.filter((c) => c.enabled);
    const matcher = new CampaignMatcher(
      enabled.map((c) => ({
        id: c.id,
        query: c.query,
        languages: c.languages,
        excludeAuthors: c.excludeAuthors,
      })),
    );
    const relevance = new Map<string, RelevanceFilter>();
    for (const c of enabled) {
      if (!c.relevanceState) continue;
      const filter = RelevanceFilter.fromJSON(c.relevanceState);
      if (filter.stats().decisions >= RELEVANCE_MIN_DECISIONS) relevance.set(c.id, filter);
    }
    const profile: AnalysisProfile = {
      key: `${workspaceId}:${models?.version ?? 0}`,
      starter: models?.taxonomyStarter ?? null,
      examples: models?.taxonomyExamples ?? [],
      learner: models?.learner ?? null,
      priority: models?.priority ?? null,
    };
    const settings = {
      brandHandles: workspace?.brandHandles ?? [],
      platformHandles: workspace?.platformHandles ?? {},
      employeeHandles: workspace?.employeeHandles ?? [],
    };
    return {
      brandHandles: allBrandHandles(settings),
      brandNames: workspace?.brandNames ?? [],
      authorKind: (platform, handle) => authorKind(settings, platform, handle),
      brandAccounts: new Map(brandAccounts.map((a) => [`${a.platform}\u0000${a.platformId}`, a.handle])),
      matcher,
      profile,
      relevance,
    };
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
