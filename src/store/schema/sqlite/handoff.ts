/** Hand-off to an external contact center (see schema/pg/handoff.ts). */

import { drizzleModule } from "../../orm.ts";
import { users } from "./access.ts";
import { bool, createdAt, id, now, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";
import { workspaces } from "./workspaces.ts";

const { index, integer, sqliteTable, text } = drizzleModule.sqliteCore();

export const handoffEndpoints = sqliteTable("handoff_endpoints", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  enabled: bool("enabled").notNull().default(true),
  allowPrivateNetwork: bool("allow_private_network").notNull().default(false),
  updatedAt: time("updated_at").notNull().default(now),
});

export const handoffs = sqliteTable(
  "handoffs",
  {
    id: id(),
    workspaceId: workspaceId(),
    workItemId: uuid("work_item_id").notNull(),
    status: text("status", {
      enum: ["queued", "delivered", "accepted", "assigned", "handled", "rejected", "failed"],
    }).notNull(),
    reason: text("reason").notNull(),
    byUserId: uuid("by_user_id").references(() => users.id, { onDelete: "set null" }),
    externalAgent: text("external_agent"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [index("handoffs_work_item_idx").on(t.workspaceId, t.workItemId, t.createdAt)],
);

export const handoffUpdates = sqliteTable(
  "handoff_updates",
  {
    id: id(),
    handoffId: uuid("handoff_id")
      .notNull()
      .references(() => handoffs.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    agent: text("agent"),
    note: text("note"),
    at: time("at").notNull().default(now),
  },
  (t) => [index("handoff_updates_handoff_idx").on(t.handoffId, t.at)],
);
