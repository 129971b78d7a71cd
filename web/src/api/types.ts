/** The shapes the Parley API returns, shared with the server through the domain's view types. */
import type { Intent, SentimentLabel } from "../../../src/domain/analysis.ts";
import type {
  AuditEntryView,
  AuthorView,
  CampaignView,
  Competitor,
  ConversationView,
  Page,
  PostCorrection,
  PostView,
  PresenceLiveEvent,
  RepliesView,
  ReplyView,
  Role,
  UserView,
  WorkItemLiveEvent,
  WorkItemView,
  WorkspaceView,
} from "../../../src/domain/views.ts";

export type {
  AlertChannel,
  AlertCondition,
  AlertKind,
  AlertRuleRequest,
} from "../../../src/domain/alerts.ts";
export type { AlertPostView, AlertRuleView, AlertView } from "../../../src/domain/alertViews.ts";
export type { Analysis } from "../../../src/domain/analysis.ts";
export type { HandoffEndpointView, HandoffView } from "../../../src/domain/handoffViews.ts";
export type {
  IncidentDetailView,
  IncidentItemView,
  IncidentView,
} from "../../../src/domain/incidentViews.ts";
export type { Presence } from "../../../src/domain/routing/board.ts";
export type { Skill } from "../../../src/domain/routing/skills.ts";
export type {
  QueueView,
  RoutingOverview,
  RoutingRuleInput,
  RoutingRuleView,
} from "../../../src/domain/routingViews.ts";
export type { CalendarView, PolicyView, SlaReport, WorkItemSlaView } from "../../../src/domain/slaViews.ts";
export type { SourceHealth, SourceState, SourceView } from "../../../src/domain/sources.ts";
export type { SupervisorView } from "../../../src/domain/supervisorViews.ts";
export type { DeadLetterView } from "../../../src/services/deadLetters.ts";

export interface AgentRoutingView {
  id: string;
  name: string;
  role: string;
  presence: import("../../../src/domain/routing/board.ts").Presence;
  skills: import("../../../src/domain/routing/skills.ts").AgentSkill[];
  capacity: number;
}

export interface QueueInput {
  name: string;
  requiredSkills: import("../../../src/domain/routing/skills.ts").Skill[];
}

/** A kind of source as `/api/sources/kinds` lists it. */
export interface SourceKindView {
  kind: string;
  label: string;
  platform: string;
  mode: "poll" | "stream" | "push";
  credentials: string[];
  settings: Record<string, unknown>;
}

/** What a connection test found (`POST /api/sources/check`). */
export interface ConnectionCheckView {
  ok: boolean;
  found: string[];
  problems: string[];
}

export interface SourceInput {
  kind: string;
  name: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
}
export type { WorkItemState } from "../../../src/domain/workItem.ts";
export type {
  AuditEntryView,
  AuthorView,
  CampaignView,
  Competitor,
  ConversationView,
  PostView,
  RepliesView,
  ReplyView,
  Role,
  WorkItemView,
};

/** What an agent changed about a post's labels; the model's own labels stay in `analysis`. */
export type CorrectionView = PostCorrection;

export interface CorrectionInput {
  intent?: Intent;
  sentiment?: SentimentLabel;
  topic?: string;
}

export type User = UserView;
export type Workspace = WorkspaceView;

export interface Session {
  user: User;
  workspace: Workspace;
}

export type WorkItemPage = Page<WorkItemView>;
export type AuditPage = Page<AuditEntryView>;

/** The audit log's filters, as the API takes them; empty ones are left out. */
export interface AuditFilter {
  action?: string;
  entity?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export type DiscardReason = "irrelevant" | "spam" | "duplicate" | "other";

/** What arrives on /api/live; the workspace id is the server's routing detail, not read here. */
export type LiveMessage = Pick<WorkItemLiveEvent, "type" | "workItem" | "seq">;
/** An agent's presence, as it changed (supervisors hear everyone's, agents their own). */
export type PresenceMessage = Pick<PresenceLiveEvent, "type" | "agent" | "seq">;

/** The campaign's relevance filter: it learns from resolves (relevant) and irrelevant discards. */
export type RelevanceView = CampaignView["relevance"];

export interface CampaignInput {
  name: string;
  query: string;
  languages?: string[];
  excludeAuthors?: string[];
  vipAuthors?: string[];
  enabled?: boolean;
}

export interface TaxonomyView {
  starter: string | null;
  topics: string[];
  examples: number;
  starters: string[];
}

export type TaxonomyChange = { starter: string } | { examples: { text: string; label: string }[] };

export interface VoiceCount {
  posts: number;
  authors: number;
}

export interface VoicesReport {
  from: string;
  to: string;
  total: VoiceCount;
  byIntent: (VoiceCount & { intent: string })[];
  byTopic: (VoiceCount & { topic: string | null })[];
}

/** GET /api/workspace: the settings, the taxonomy, and the campaigns made from the settings. */
export interface WorkspaceSettings extends WorkspaceView {
  taxonomy: { starter: string | null; examples: number; starters: string[] };
  campaigns: { starter: CampaignView | null; competitors: CampaignView | null };
}

export interface WorkspaceSettingsPatch {
  name?: string;
  brandNames?: string[];
  brandHandles?: string[];
  platformHandles?: Record<string, string[]>;
  employeeHandles?: string[];
  competitors?: Competitor[];
  languages?: string[];
  timeZone?: string;
  taxonomyStarter?: string;
}

export interface SetupInput {
  code: string;
  workspace: { name: string; handles: string[]; names?: string[]; languages?: string[]; timeZone?: string };
  admin: { email: string; name: string; password: string };
}

/** GET /api/insights/trends: series from the rollups. */
export interface TrendPoint {
  at: string;
  posts: number;
  authors: number;
}
export interface TrendsReport {
  dimension: string;
  interval: "hour" | "day";
  from: string;
  to: string;
  filter: { kind: string; value: string } | null;
  series: { key: string; posts: number; authors: number; points: TrendPoint[] }[];
  more: number;
}

/** GET /api/insights/posts: the posts behind one trend point. */
export interface PostsBehind {
  from: string;
  to: string;
  posts: {
    id: string;
    postedAt: string;
    text: string;
    author: string;
    conversationId: string;
    workItemId: string | null;
    intent: string;
    sentiment: string;
    topic: string | null;
  }[];
}

interface Durations {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}
/** GET /api/insights/kpis. */
export interface CareKpis {
  from: string;
  to: string;
  opened: number;
  firstResponse: Durations;
  resolution: Durations;
  responseRate: number | null;
  backlog: { open: number; oldestAgeMs: number | null; medianAgeMs: number | null };
  handledPerAgent: { userId: string; name: string; handled: number }[];
  slaMetRate: number | null;
  surveyScore: number | null;
}
