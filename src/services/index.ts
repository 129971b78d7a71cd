/** The application services, built once from the store and the bus; routes and the CLI call these. */
import type { Bus } from "../bus/index.ts";
import type { WorkspaceContexts } from "../pipeline/context.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import type { Store } from "../store/index.ts";
import { authService } from "./auth.ts";
import { campaignService } from "./campaigns.ts";
import { conversationService, postService } from "./conversations.ts";
import { importService } from "./imports.ts";
import { workItemService } from "./workItems.ts";

export function createServices(deps: { store: Store; bus: Bus; pipeline: IngestPipeline; contexts: WorkspaceContexts }) {
  return {
    auth: authService(deps.store),
    workItems: workItemService(deps.store, deps.bus),
    conversations: conversationService(deps.store),
    posts: postService(deps.store),
    campaigns: campaignService(deps.store, (workspaceId) => deps.contexts.invalidate(workspaceId)),
    imports: importService(deps.pipeline),
  };
}

export type Services = ReturnType<typeof createServices>;
