/** The shapes the Parley API returns, shared with the server through the domain's view types. */
import type {
  AuthorView,
  ConversationView,
  LiveEvent,
  Page,
  PostView,
  Role,
  UserView,
  WorkItemView,
  WorkspaceView,
} from "../../../src/domain/views.ts";

export type { Analysis } from "../../../src/domain/analysis.ts";
export type { WorkItemState } from "../../../src/domain/workItem.ts";
export type { AuthorView, ConversationView, PostView, Role, WorkItemView };

export type User = UserView;
export type Workspace = WorkspaceView;

export interface Session {
  user: User;
  workspace: Workspace;
}

export type WorkItemPage = Page<WorkItemView>;

export type DiscardReason = "irrelevant" | "spam" | "duplicate" | "other";

/** What arrives on /api/live; the workspace id is the server's routing detail, not read here. */
export type LiveMessage = Pick<LiveEvent, "type" | "workItem">;
