/** The shapes the API presents and the web app reads. One definition for both sides. */
import type { Analysis } from "./analysis.ts";
import type { Channel } from "./post.ts";
import type { WorkItemState } from "./workItem.ts";

export type Role = "admin" | "supervisor" | "agent" | "analyst";
export const ROLES: readonly Role[] = ["admin", "supervisor", "agent", "analyst"];

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** A competitor the workspace listens for: its names as people write them, and its handles. */
export interface Competitor {
  name: string;
  handles: string[];
}

export interface WorkspaceView {
  id: string;
  name: string;
  demo: boolean;
  /** The brand's own accounts on every platform, lower-case without @. */
  brandHandles: string[];
  /** The brand's own accounts on one platform each, by platform. */
  platformHandles: Record<string, string[]>;
  /** The brand's names and aliases as people write them. */
  brandNames: string[];
  /** Employees' personal accounts ("x:janedoe" for one platform, "janedoe" for every one). */
  employeeHandles: string[];
  competitors: Competitor[];
  /** Languages the brand works in (ISO 639-1); empty: any. */
  languages: string[];
  /** IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** The campaign built from the brand's names and handles, while it exists. */
  starterCampaignId: string | null;
  /** The campaign built from the competitors, while there are competitors. */
  competitorCampaignId: string | null;
}

export interface AuthorView {
  id: string;
  handle: string;
  name: string | null;
  followers: number | null;
  verified: boolean;
  isBrand: boolean;
}

export interface PostCorrection {
  intent?: string;
  sentiment?: string;
  topic?: string;
  by: { id: string; name: string };
  at: string;
}

export interface PostView {
  id: string;
  platform: string;
  platformId: string;
  url: string | null;
  text: string;
  createdAt: string;
  language: string | null;
  channel: Channel;
  demo: boolean;
  replyToPostId: string | null;
  conversationId: string;
  campaignIds: string[];
  author: AuthorView;
  analysis: Analysis | null;
  correction: PostCorrection | null;
}

export interface WorkItemView {
  id: string;
  state: WorkItemState;
  priority: number;
  queue: string | null;
  assignee: { id: string; name: string } | null;
  conversationId: string;
  discardReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  post: PostView;
}

export interface ConversationView {
  id: string;
  platform: string;
  rootPostId: string | null;
  posts: PostView[];
  workItems: WorkItemView[];
}

export interface CampaignView {
  id: string;
  name: string;
  query: string;
  languages: string[];
  excludeAuthors: string[];
  vipAuthors: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** The relevance filter learnt from agents' decisions; precision and recall are null until it has decided. */
  relevance: { decisions: number; precision: number | null; recall: number | null };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Events on the bus and the live WebSocket. */
/**
 * A workspace's configuration changed (campaigns, models, brand): every process drops what it
 * cached of it. Carried to every process, not to browsers.
 */
export interface WorkspaceChanged {
  type: "workspace.changed";
  workspaceId: string;
}

export type LiveEvent =
  | { type: "work_item.created"; workspaceId: string; workItem: WorkItemView }
  | { type: "work_item.updated"; workspaceId: string; workItem: WorkItemView };
