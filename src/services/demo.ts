/**
 * The demo workspace a newcomer lands in: the fictional brand, its campaigns, a sign-in, a backlog
 * of generated posts, and a trickle of new ones. Everything it makes is marked as demo data.
 */
import { DEMO_BRAND, DEMO_CAMPAIGNS, DEMO_USER } from "../connectors/demo/brand.ts";
import { createDemoGenerator } from "../connectors/demo/generator.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
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

export interface DemoFeed {
  stop(): Promise<void>;
}

/** Feeds generated posts into the demo workspace: a backlog at once, then `ratePerSecond`. */
export function runDemoFeed(
  pipeline: IngestPipeline,
  workspaceId: string,
  options: { ratePerSecond: number; backlog?: number; seed?: number },
): DemoFeed {
  const generator = createDemoGenerator({ seed: options.seed ?? Date.now() % 2 ** 31 });
  const controller = new AbortController();
  const submit = (count: number) =>
    pipeline.submit(
      workspaceId,
      Array.from({ length: count }, () => ({ ...generator.next(), createdAt: new Date() })),
      { requireMatch: true },
    );
  const done = (async () => {
    await submit(options.backlog ?? 40);
    if (options.ratePerSecond <= 0) return;
    const interval = 1000 / options.ratePerSecond;
    while (!controller.signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, interval * (0.5 + Math.random())).unref());
      if (!controller.signal.aborted) await submit(1);
    }
  })();
  return {
    async stop() {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
}
