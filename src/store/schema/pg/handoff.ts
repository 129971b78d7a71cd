/** Hand-off to an external contact center: each workspace's endpoint, the hand-offs and the statuses they came back with. */

import { drizzleModule } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";
import { workspaces } from "./workspaces.ts";

const { boolean, index, integer, pgTable, text, timestamp, uuid } = drizzleModule.pgCore();

export const handoffEndpoints = pgTable("handoff_endpoints", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  /** The signing secret, sealed by the credentials box. */
  secret: text("secret").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  allowPrivateNetwork: boolean("allow_private_network").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const handoffs = pgTable(
  "handoffs",
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Work items carry no foreign keys (a hot table); the hand-off names its item. */
    workItemId: uuid("work_item_id").notNull(),
    status: text("status", {
      enum: ["queued", "delivered", "accepted", "assigned", "handled", "rejected", "failed"],
    }).notNull(),
    reason: text("reason").notNull(),
    byUserId: uuid("by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The external agent, as the contact center last named them. */
    externalAgent: text("external_agent"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("handoffs_work_item_idx").on(t.workspaceId, t.workItemId, t.createdAt)],
);

/** Every status a hand-off took, in order: what the item's history shows. */
export const handoffUpdates = pgTable(
  "handoff_updates",
  {
    id: id(),
    handoffId: uuid("handoff_id")
      .notNull()
      .references(() => handoffs.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    agent: text("agent"),
    note: text("note"),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("handoff_updates_handoff_idx").on(t.handoffId, t.at)],
);
