/**
 * The demo workspace a newcomer lands in: the fictional brand, its campaigns, a sign-in, a backlog
 * of generated posts, and a trickle of new ones. Everything it makes is marked as demo data.
 */
import { DEMO_BRAND, DEMO_CAMPAIGNS, DEMO_USER } from "../connectors/demo/brand.ts";
import type { Store } from "../store/index.ts";
import { type AuthService, authService } from "./auth.ts";

export { DEMO_USER };

const DEMO_AGENT = { email: "agent@parley.local", password: "parley-demo", name: "Alex Agent" } as const;

/**
 * Creates the demo workspace when the store has no workspace at all; returns its id, or null.
 * All of it is made in one transaction under a lock, so processes starting together create one
 * demo workspace, and a crash midway leaves none.
 */
export async function ensureDemoWorkspace(store: Store): Promise<string | null> {
  return store.transaction(async (tx) => {
    await tx.workspaces.lockCreation();
    const existing = await tx.workspaces.list();
    if (existing.length > 0) return existing.find((w) => w.demo)?.id ?? null;
    return createDemoWorkspace(tx, authService(tx));
  });
}

async function createDemoWorkspace(store: Store, auth: AuthService): Promise<string> {
  const workspace = await store.workspaces.create({
    name: `${DEMO_BRAND.name} (demo)`,
    brandHandles: Object.values(DEMO_BRAND.handles),
    brandNames: [DEMO_BRAND.name],
    demo: true,
  });
  await auth.addUser({ workspaceId: workspace.id, role: "admin", ...DEMO_USER });
  await auth.addUser({ workspaceId: workspace.id, role: "agent", ...DEMO_AGENT });
  await store.models.lockForUpdate(workspace.id);
  await store.models.save(workspace.id, { taxonomyStarter: "telecom" });
  const ids: string[] = [];
  for (const c of DEMO_CAMPAIGNS) {
    const campaign = await store.campaigns.create(workspace.id, {
      name: c.name,
      query: c.query,
      languages: c.languages ?? [],
      excludeAuthors: c.excludeAuthors ?? [],
    });
    ids.push(campaign.id);
  }
  // The settings page shows the first as the brand's starter campaign; it is written by hand, so
  // settings changes leave it as it is.
  await store.workspaces.update(workspace.id, { starterCampaignId: ids[0] ?? null });
  return workspace.id;
}

/** How the demo source generates: a backlog at once, then `ratePerSecond`. */
export interface DemoPace {
  ratePerSecond: number;
  backlog?: number;
}

/**
 * The demo workspace's source (created with it, or added to one made before sources existed),
 * paced as asked: the ingest role runs it like any other source.
 */
export async function ensureDemoSource(store: Store, workspaceId: string, pace: DemoPace): Promise<string> {
  return store.transaction(async (tx) => {
    const existing = (await tx.sources.list(workspaceId)).find((s) => s.kind === "demo");
    // The seed and anything else set on the source stay; the pace is what this start asks for.
    const settings = {
      seed: Date.now() % 2 ** 31,
      backlog: 40,
      ...existing?.config,
      ratePerSecond: pace.ratePerSecond,
      ...(pace.backlog !== undefined ? { backlog: pace.backlog } : {}),
    };
    if (existing) {
      await tx.sources.update(existing.id, { config: settings });
      return existing.id;
    }
    const created = await tx.sources.create(workspaceId, {
      kind: "demo",
      name: "Demo generator",
      config: settings,
      credentials: null,
    });
    return created.id;
  });
}
