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

export interface WorkspaceView {
  id: string;
  name: string;
  demo: boolean;
  brandHandles: string[];
  brandNames: string[];
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

/**
 * `seq` is the place in the event log of the change the message shows: a browser that reconnects
 * asks for what came after the last one it saw.
 */
export type LiveEvent =
  | { type: "work_item.created"; workspaceId: string; workItem: WorkItemView; seq?: number }
  | { type: "work_item.updated"; workspaceId: string; workItem: WorkItemView; seq?: number };
