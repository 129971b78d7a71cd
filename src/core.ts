/**
 * The composition root: opens the store and the bus, builds the pipeline and the services. The
 * server and every CLI command start from here, so each backend is chosen in one place.
 */
import { type Bus, createBus } from "./bus/index.ts";
import { type WorkspaceContexts, workspaceContexts } from "./pipeline/context.ts";
import { IngestPipeline } from "./pipeline/pipeline.ts";
import { createServices, type Services } from "./services/index.ts";
import type { SsoSettings } from "./services/sso.ts";
import { createStore, type Database, openDatabase, type Store } from "./store/index.ts";

export interface CoreOptions {
  databaseUrl?: string;
  /** Embedded store folder or ":memory:". */
  data?: string;
  natsUrl?: string;
  /** Single sign-on with an OpenID Connect provider. */
  sso?: SsoSettings;
}

export interface Core {
  database: Database;
  store: Store;
  bus: Bus;
  contexts: WorkspaceContexts;
  pipeline: IngestPipeline;
  services: Services;
  close(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.data });
  await database.migrate();
  const store = createStore(database);
  const bus = await createBus({ natsUrl: options.natsUrl });
  const contexts = workspaceContexts(store);
  // Another process changed a workspace's campaigns or models: what this one cached is stale.
  const stopListening = bus.onChange((event) => contexts.invalidate(event.workspaceId));
  const pipeline = new IngestPipeline({ store, bus, contextFor: (id) => contexts.get(id) });
  const services = createServices({ store, bus, pipeline, contexts, sso: options.sso });
  return {
    database,
    store,
    bus,
    contexts,
    pipeline,
    services,
    async close() {
      await pipeline.close();
      stopListening();
      await bus.close();
      await database.close();
    },
  };
}
