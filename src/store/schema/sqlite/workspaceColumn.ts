/** The column that makes a row belong to a workspace, removed with it. Not a table: kept out of the schema's exports. */
import { uuid } from "./columns.ts";
import { workspaces } from "./workspaces.ts";
export const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
