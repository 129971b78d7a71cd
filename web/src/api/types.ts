/** The shapes the Parley API returns. Analysis comes from the domain so the app and server share it. */
import type { Analysis } from "../../../src/domain/analysis.ts";
import type { WorkItemState } from "../../../src/domain/workItem.ts";

export type { Analysis, WorkItemState };

export type Role = "admin" | "supervisor" | "agent" | "analyst";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Workspace {
  id: string;
  name: string;
  demo: boolean;
}

export interface Session {
  user: User;
  workspace: Workspace;
}

export interface AuthorView {
  id: string;
  handle: string;
  name: string | null;
  followers: number | null;
  verified: boolean;
  isBrand: boolean;
}

export interface PostView {
  id: string;
  platform: string;
  platformId: string;
  url: string | null;
  text: string;
  createdAt: string;
  language: string | null;
  channel: "public" | "private";
  demo: boolean;
  replyToPostId: string | null;
  author: AuthorView;
  analysis: Analysis | null;
}

export interface WorkItemView {
  id: string;
  state: WorkItemState;
  priority: number;
  queue: string | null;
  assignee: { id: string; name: string } | null;
  conversationId: string;
  createdAt: string;
  updatedAt: string;
  post: PostView;
}

export interface WorkItemPage {
  items: WorkItemView[];
  nextCursor: string | null;
}

export interface ConversationView {
  id: string;
  platform: string;
  rootPostId: string;
  posts: PostView[];
  workItems: WorkItemView[];
}

export type DiscardReason = "irrelevant" | "spam" | "duplicate" | "other";

export interface LiveMessage {
  type: "work_item.created" | "work_item.updated";
  workItem: WorkItemView;
}
