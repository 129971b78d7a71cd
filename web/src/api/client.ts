/** Thin fetch wrapper: same-origin JSON calls that turn error bodies into ApiError with a stable code. */
import type { InboxFilterParams, SavedView, SavedViewView } from "../../../src/domain/inboxFilter.ts";
import type { ItemHistoryView } from "../../../src/domain/itemHistoryViews.ts";
import type {
  ApprovalCondition,
  ApprovalRuleView,
  ApprovalView,
  ItemTemplatesView,
  SurveyScoresView,
  SurveySettings,
  TemplateVersion,
  TemplateView,
} from "./engagementTypes.ts";
import type {
  AgentRoutingView,
  AlertPostView,
  AlertRuleRequest,
  AlertRuleView,
  AlertView,
  AuditFilter,
  AuditPage,
  CalendarView,
  CampaignInput,
  CampaignView,
  CareKpis,
  ConnectionCheckView,
  ConversationView,
  CorrectionInput,
  DeadLetterView,
  DiscardReason,
  HandoffEndpointView,
  HandoffView,
  IncidentDetailView,
  IncidentView,
  PolicyView,
  PostsBehind,
  PostView,
  Presence,
  QueueInput,
  QueueView,
  RepliesView,
  ReplyView,
  RoutingOverview,
  RoutingRuleInput,
  RoutingRuleView,
  Session,
  SetupInput,
  SlaReport,
  SourceInput,
  SourceKindView,
  SourceView,
  SupervisorView,
  TaxonomyChange,
  TaxonomyView,
  TrendsReport,
  VoicesReport,
  WorkItemPage,
  WorkItemView,
  WorkspaceSettings,
  WorkspaceSettingsPatch,
} from "./types.ts";

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Whatever the server attached, e.g. `{ position }` for an invalid campaign query. */
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("network_error", 0, "The server could not be reached");
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as ErrorBody | null)?.error;
    const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
    const message = typeof error?.message === "string" ? error.message : response.statusText;
    throw new ApiError(code, response.status, message, error?.details);
  }
  return payload as T;
}

export type WorkItemFilter = "all" | "mine";
/** The inbox's order: highest priority first, or soonest to breach its SLA first. */
export type WorkItemSort = "priority" | "breach";

export const api = {
  me: () => request<Session>("GET", "/api/me"),
  signIn: (email: string, password: string) => request<Session>("POST", "/api/session", { email, password }),
  signOut: () => request<void>("DELETE", "/api/session"),
  /** Resolves while Parley waits for its first-run setup; fails with `setup_done` after. */
  setupStatus: () => request<{ needed: true }>("GET", "/api/setup"),
  completeSetup: (input: SetupInput) => request<Session>("POST", "/api/setup", input),

  workspaceSettings: () => request<WorkspaceSettings>("GET", "/api/workspace"),
  updateWorkspace: (patch: WorkspaceSettingsPatch) =>
    request<WorkspaceSettings>("PATCH", "/api/workspace", patch),

  openWorkItems(
    filter: WorkItemFilter,
    cursor: string | null,
    queue: string | null = null,
    sort: WorkItemSort = "priority",
    narrow: InboxFilterParams = {},
  ): Promise<WorkItemPage> {
    const query = new URLSearchParams({ state: "new,reserved", limit: "50" });
    for (const [name, value] of Object.entries(narrow)) if (value) query.set(name, value);
    if (filter === "mine") query.set("assignee", "me");
    if (sort === "breach") query.set("sort", "breach");
    if (queue) query.set("queue", queue);
    if (cursor) query.set("cursor", cursor);
    return request<WorkItemPage>("GET", `/api/work-items?${query}`);
  },
  trends: (query: URLSearchParams) => request<TrendsReport>("GET", `/api/insights/trends?${query}`),
  postsBehind: (query: URLSearchParams) => request<PostsBehind>("GET", `/api/insights/posts?${query}`),
  kpis: (days: number) => request<CareKpis>("GET", `/api/insights/kpis?days=${days}`),
  workItem: (id: string) => request<WorkItemView>("GET", `/api/work-items/${encodeURIComponent(id)}`),
  conversation: (id: string) =>
    request<ConversationView>("GET", `/api/conversations/${encodeURIComponent(id)}`),

  replies: (id: string) => request<RepliesView>("GET", `/api/work-items/${encodeURIComponent(id)}/replies`),
  sendReply: (id: string, reply: { text: string; channel: "public" | "private" }) =>
    request<ReplyView>("POST", `/api/work-items/${encodeURIComponent(id)}/replies`, reply),
  claim: (id: string) => request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/claim`),
  release: (id: string) => request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/release`),
  resolve: (id: string) => request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/resolve`),
  discard: (id: string, reason: DiscardReason) =>
    request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/discard`, { reason }),
  accept: (id: string) => request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/accept`),
  decline: (id: string) => request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/decline`),
  handOff: (id: string, reason: string) =>
    request<{ handoff: HandoffView; workItem: WorkItemView }>(
      "POST",
      `/api/work-items/${encodeURIComponent(id)}/hand-off`,
      { reason },
    ),
  workItemHistory: (id: string) =>
    request<ItemHistoryView>("GET", `/api/work-items/${encodeURIComponent(id)}/history`),
  handoffs: (id: string) =>
    request<{ items: HandoffView[] }>("GET", `/api/work-items/${encodeURIComponent(id)}/handoffs`),
  savedViews: () => request<{ items: SavedViewView[] }>("GET", "/api/saved-views"),
  saveView: (name: string, view: SavedView) =>
    request<SavedViewView>("PUT", "/api/saved-views", { name, view }),
  deleteSavedView: (id: string) => request<void>("DELETE", `/api/saved-views/${encodeURIComponent(id)}`),
  alertRules: () => request<{ items: AlertRuleView[] }>("GET", "/api/alert-rules"),
  createAlertRule: (input: AlertRuleRequest) =>
    request<{ rule: AlertRuleView; secret: string | null }>("POST", "/api/alert-rules", input),
  updateAlertRule: (id: string, input: AlertRuleRequest) =>
    request<{ rule: AlertRuleView; secret: string | null }>(
      "PUT",
      `/api/alert-rules/${encodeURIComponent(id)}`,
      input,
    ),
  rotateAlertSecret: (id: string) =>
    request<{ rule: AlertRuleView; secret: string | null }>(
      "POST",
      `/api/alert-rules/${encodeURIComponent(id)}/rotate-secret`,
    ),
  deleteAlertRule: (id: string) => request<void>("DELETE", `/api/alert-rules/${encodeURIComponent(id)}`),
  testAlertRule: (id: string) =>
    request<AlertView>("POST", `/api/alert-rules/${encodeURIComponent(id)}/test`),
  alerts: (before: string | null) =>
    request<{ items: AlertView[]; next: string | null }>(
      "GET",
      `/api/alerts?limit=50${before ? `&before=${encodeURIComponent(before)}` : ""}`,
    ),
  alertPosts: (id: string) =>
    request<{ items: AlertPostView[] }>("GET", `/api/alerts/${encodeURIComponent(id)}/posts`),
  incidents: () => request<{ items: IncidentView[] }>("GET", "/api/incidents"),
  incident: (id: string) => request<IncidentDetailView>("GET", `/api/incidents/${encodeURIComponent(id)}`),
  answerIncident: (id: string, text: string) =>
    request<IncidentDetailView>("POST", `/api/incidents/${encodeURIComponent(id)}/answer`, { text }),
  handoffEndpoint: () => request<HandoffEndpointView>("GET", "/api/handoff-endpoint"),
  saveHandoffEndpoint: (input: {
    url: string;
    enabled: boolean;
    allowPrivateNetwork: boolean;
    rotateSecret?: boolean;
  }) => request<HandoffEndpointView & { secret: string | null }>("PUT", "/api/handoff-endpoint", input),
  takeNext: () => request<{ item: WorkItemView | null }>("POST", "/api/work-items/next"),
  myOffers: () => request<WorkItemPage>("GET", "/api/work-items?offered=me&state=new&limit=50"),
  myRouting: () => request<AgentRoutingView>("GET", "/api/me/routing"),
  setPresence: (presence: Presence) => request<AgentRoutingView>("PUT", "/api/me/presence", { presence }),
  queues: () => request<{ items: QueueView[] }>("GET", "/api/queues"),
  createQueue: (input: QueueInput) => request<QueueView>("POST", "/api/queues", input),
  deleteQueue: (id: string) => request<void>("DELETE", `/api/queues/${encodeURIComponent(id)}`),
  routingOverview: () => request<RoutingOverview>("GET", "/api/routing/overview"),
  routingRules: () => request<{ items: RoutingRuleView[] }>("GET", "/api/routing-rules"),
  createRoutingRule: (input: RoutingRuleInput) =>
    request<RoutingRuleView>("POST", "/api/routing-rules", input),
  updateRoutingRule: (id: string, input: Partial<RoutingRuleInput>) =>
    request<RoutingRuleView>("PATCH", `/api/routing-rules/${encodeURIComponent(id)}`, input),
  reorderRoutingRules: (ids: string[]) =>
    request<{ items: RoutingRuleView[] }>("PUT", "/api/routing-rules/order", { ids }),
  deleteRoutingRule: (id: string) => request<void>("DELETE", `/api/routing-rules/${encodeURIComponent(id)}`),
  supervisor: () => request<SupervisorView>("GET", "/api/supervisor"),
  /** A queue's waiting items, in queue order (priority, then the longest waiting). */
  queueWaiting: (queueId: string) =>
    request<WorkItemPage>(
      "GET",
      `/api/work-items?${new URLSearchParams({ state: "new", queue: queueId, limit: "50" })}`,
    ),
  transfer: (id: string, to: { agentId: string } | { queueId: string }) =>
    request<WorkItemView>("POST", `/api/work-items/${encodeURIComponent(id)}/transfer`, to),

  templates: () => request<{ items: TemplateView[] }>("GET", "/api/templates"),
  createTemplate: (input: { name: string; versions: TemplateVersion[] }) =>
    request<TemplateView>("POST", "/api/templates", input),
  updateTemplate: (id: string, input: { name?: string; versions?: TemplateVersion[] }) =>
    request<TemplateView>("PATCH", `/api/templates/${encodeURIComponent(id)}`, input),
  deleteTemplate: (id: string) => request<void>("DELETE", `/api/templates/${encodeURIComponent(id)}`),
  itemTemplates: (workItemId: string) =>
    request<ItemTemplatesView>("GET", `/api/work-items/${encodeURIComponent(workItemId)}/templates`),
  renderTemplate: (
    workItemId: string,
    templateId: string,
    input: { language?: string; values: { order_number?: string } },
  ) =>
    request<{ language: string; text: string }>(
      "POST",
      `/api/work-items/${encodeURIComponent(workItemId)}/templates/${encodeURIComponent(templateId)}/render`,
      input,
    ),
  approvalRules: () => request<{ items: ApprovalRuleView[] }>("GET", "/api/approval-rules"),
  createApprovalRule: (input: { name: string; enabled: boolean; conditions: ApprovalCondition[] }) =>
    request<ApprovalRuleView>("POST", "/api/approval-rules", input),
  updateApprovalRule: (id: string, input: { enabled?: boolean }) =>
    request<ApprovalRuleView>("PATCH", `/api/approval-rules/${encodeURIComponent(id)}`, input),
  deleteApprovalRule: (id: string) =>
    request<void>("DELETE", `/api/approval-rules/${encodeURIComponent(id)}`),
  trainees: () => request<{ userIds: string[] }>("GET", "/api/trainees"),
  setTrainee: (userId: string, trainee: boolean) =>
    request<void>("PUT", `/api/users/${encodeURIComponent(userId)}/trainee`, { trainee }),
  approvals: () => request<{ items: ApprovalView[] }>("GET", "/api/approvals"),
  approveReply: (id: string, text?: string) =>
    request<ReplyView>(
      "POST",
      `/api/replies/${encodeURIComponent(id)}/approve`,
      text === undefined ? {} : { text },
    ),
  rejectReply: (id: string, reason: string) =>
    request<ReplyView>("POST", `/api/replies/${encodeURIComponent(id)}/reject`, { reason }),
  surveySettings: () => request<SurveySettings>("GET", "/api/surveys/settings"),
  saveSurveySettings: (settings: SurveySettings) =>
    request<SurveySettings>("PUT", "/api/surveys/settings", settings),
  surveyScores: (period: "day" | "week" | "month") =>
    request<SurveyScoresView>("GET", `/api/surveys/scores?period=${period}`),
  slaCalendars: () => request<{ items: CalendarView[] }>("GET", "/api/sla/calendars"),
  createSlaCalendar: (input: Omit<CalendarView, "id">) =>
    request<CalendarView>("POST", "/api/sla/calendars", input),
  deleteSlaCalendar: (id: string) => request<void>("DELETE", `/api/sla/calendars/${encodeURIComponent(id)}`),
  slaPolicies: () => request<{ items: PolicyView[] }>("GET", "/api/sla/policies"),
  createSlaPolicy: (input: Omit<PolicyView, "id">) => request<PolicyView>("POST", "/api/sla/policies", input),
  updateSlaPolicy: (id: string, input: Omit<PolicyView, "id">) =>
    request<PolicyView>("PUT", `/api/sla/policies/${encodeURIComponent(id)}`, input),
  deleteSlaPolicy: (id: string) => request<void>("DELETE", `/api/sla/policies/${encodeURIComponent(id)}`),
  slaReport: (from: string, to: string) =>
    request<SlaReport>("GET", `/api/sla/report?${new URLSearchParams({ from, to })}`),

  correct: (postId: string, correction: CorrectionInput) =>
    request<PostView>("POST", `/api/posts/${encodeURIComponent(postId)}/corrections`, correction),
  taxonomy: () => request<TaxonomyView>("GET", "/api/taxonomy"),
  changeTaxonomy: (change: TaxonomyChange) => request<TaxonomyView>("PUT", "/api/taxonomy", change),

  campaigns: () => request<{ items: CampaignView[] }>("GET", "/api/campaigns"),
  createCampaign: (input: CampaignInput) => request<CampaignView>("POST", "/api/campaigns", input),
  updateCampaign: (id: string, input: Partial<CampaignInput>) =>
    request<CampaignView>("PATCH", `/api/campaigns/${encodeURIComponent(id)}`, input),
  deleteCampaign: (id: string) => request<void>("DELETE", `/api/campaigns/${encodeURIComponent(id)}`),

  audit(filter: AuditFilter, cursor: string | null): Promise<AuditPage> {
    const query = new URLSearchParams({ limit: "50" });
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    if (cursor) query.set("cursor", cursor);
    return request<AuditPage>("GET", `/api/audit?${query}`);
  },

  sources: () => request<{ items: SourceView[] }>("GET", "/api/sources"),
  sourceKinds: () => request<{ items: SourceKindView[] }>("GET", "/api/sources/kinds"),
  createSource: (input: SourceInput) =>
    request<{ source: SourceView; signingSecret?: string }>("POST", "/api/sources", input),
  checkSource: (input: Omit<SourceInput, "name" | "enabled"> & { sourceId?: string }) =>
    request<ConnectionCheckView>("POST", "/api/sources/check", input),
  setSourceEnabled: (id: string, enabled: boolean) =>
    request<SourceView>("POST", `/api/sources/${encodeURIComponent(id)}/${enabled ? "enable" : "disable"}`),
  deleteSource: (id: string) => request<void>("DELETE", `/api/sources/${encodeURIComponent(id)}`),
  deadLetters: () => request<{ items: DeadLetterView[] }>("GET", "/api/dead-letters?limit=50"),
  retryDeadLetter: (id: string) => request<void>("POST", `/api/dead-letters/${encodeURIComponent(id)}/retry`),

  voices: (days: number) => request<VoicesReport>("GET", `/api/insights/voices?days=${days}`),
};
