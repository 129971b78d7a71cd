/** The column that makes a row belong to a workspace, removed with it. Not a table: kept out of the schema's exports. */
import { drizzleModule } from "../../orm.ts";
import { workspaces } from "./workspaces.ts";

const { uuid } = drizzleModule.pgCore();
export const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
