/** The application services, built once from the store and the bus; routes and the CLI call these. */
import type { Bus } from "../bus/index.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import type { Clock } from "../domain/clock.ts";
import type { WorkspaceContexts } from "../pipeline/context.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import type { Store } from "../store/index.ts";
import { alertService } from "./alerts.ts";
import { approvalService } from "./approvals.ts";
import { auditService } from "./audit.ts";
import { authService } from "./auth.ts";
import { campaignService } from "./campaigns.ts";
import { consentService } from "./consent.ts";
import { conversationService, postService } from "./conversations.ts";
import { customerImportService } from "./customerImport.ts";
import { customerLinkService } from "./customerLinks.ts";
import { customerService } from "./customers.ts";
import { deadLetterService } from "./deadLetters.ts";
import { handoffService } from "./handoffs.ts";
import { importService } from "./imports.ts";
import { incidentService } from "./incidents.ts";
import { insightService } from "./insights.ts";
import { itemHistoryService } from "./itemHistory.ts";
import { learningService } from "./learning.ts";
import { linkConfirmationService } from "./linkConfirmations.ts";
import { noteService } from "./notes.ts";
import { priorityService } from "./priority.ts";
import { privacyService } from "./privacy.ts";
import { replyService } from "./replies.ts";
import { retentionService } from "./retention.ts";
import type { RoutingEngine } from "./routing.ts";
import { routingAdminService } from "./routingAdmin.ts";
import { savedViewService } from "./savedViews.ts";
import { secondFactorService } from "./secondFactor.ts";
import { setupService } from "./setup.ts";
import type { SignInThrottle } from "./signInThrottle.ts";
import type { SlaEngine } from "./sla.ts";
import { slaAdminService } from "./slaAdmin.ts";
import { sourceService } from "./sources.ts";
import { type SsoSettings, ssoService } from "./sso.ts";
import { supervisorService } from "./supervisor.ts";
import { surveyService } from "./surveys.ts";
import { templateService } from "./templates.ts";
import { userService } from "./users.ts";
import { workItemService } from "./workItems.ts";
import { workspaceService } from "./workspaces.ts";

export function createServices(deps: {
  store: Store;
  bus: Bus;
  pipeline: IngestPipeline;
  contexts: WorkspaceContexts;
  signInThrottle?: SignInThrottle;
  sso?: SsoSettings;
  box: SecretBox;
  clock: Clock;
  routing: RoutingEngine;
  sla: SlaEngine;
  /** Whether alerts can be mailed (an SMTP server is configured). */
  alertEmail?: boolean;
}) {
  // After a committed change this process rebuilds at once; every other one when the change's
  // event reaches it from the outbox (src/core.ts).
  const refresh = (workspaceId: string) => deps.contexts.invalidate(workspaceId);
  const learning = learningService(deps.store, refresh);
  const auth = authService(deps.store, { throttle: deps.signInThrottle });
  const workItems = workItemService(
    deps.store,
    deps.bus,
    { learn: learning.decided, committed: refresh },
    {
      requestDispatch: deps.routing.requestDispatch,
      touch: deps.routing.touch,
      now: () => deps.clock.now(),
    },
  );
  const replies = replyService(deps.store, deps.bus);
  return {
    auth,
    users: userService(deps.store, auth),
    secondFactor: secondFactorService(deps.store),
    /** Present when an OpenID Connect provider is configured. */
    sso: deps.sso ? ssoService(deps.store, auth, deps.sso) : null,
    learning,
    priority: priorityService(deps.store, refresh),
    insights: insightService(deps.store, deps.clock),
    workItems,
    itemHistory: itemHistoryService(deps.store),
    replies,
    incidents: incidentService({
      store: deps.store,
      replies,
      workItems,
      clock: deps.clock,
      principal: auth.principal,
    }),
    handoffs: handoffService({
      store: deps.store,
      bus: deps.bus,
      box: deps.box,
      clock: deps.clock,
      routing: deps.routing,
    }),
    alerts: alertService({
      store: deps.store,
      box: deps.box,
      clock: deps.clock,
      emailConfigured: deps.alertEmail ?? false,
    }),
    notes: noteService(deps.store),
    templates: templateService(deps.store),
    savedViews: savedViewService(deps.store),
    approvals: approvalService(deps.store, deps.bus, deps.clock),
    surveys: surveyService(deps.store, deps.bus, deps.clock),
    routing: deps.routing,
    routingAdmin: routingAdminService(deps.store, deps.routing, deps.clock),
    supervisor: supervisorService(deps.store, deps.clock),
    sla: deps.sla,
    slaAdmin: slaAdminService(deps.store, deps.sla),
    conversations: conversationService(deps.store),
    posts: postService(deps.store),
    campaigns: campaignService(deps.store, refresh),
    imports: importService(deps.pipeline),
    workspaces: workspaceService(deps.store, refresh),
    setup: setupService(deps.store, auth),
    deadLetters: deadLetterService(deps.store, deps.clock),
    privacy: privacyService(deps.store, refresh),
    sources: sourceService({ store: deps.store, pipeline: deps.pipeline, box: deps.box, clock: deps.clock }),
    audit: auditService(deps.store),
    customers: customerService(deps.store, deps.clock),
    customerLinks: customerLinkService(deps.store, deps.clock),
    linkConfirmations: linkConfirmationService({
      store: deps.store,
      bus: deps.bus,
      box: deps.box,
      clock: deps.clock,
    }),
    customerImport: customerImportService(deps.store),
    consent: consentService(deps.store),
    retention: retentionService(deps.store, deps.clock),
  };
}

export type Services = ReturnType<typeof createServices>;
