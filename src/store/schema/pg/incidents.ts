/**
 * Incidents: the open work items of one spiking topic, grouped by the spike alert that found them
 * and answered together with one reply (see services/incidents.ts).
 */

import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, pgTable, text, timestamp, uniqueIndex, uuid } = drizzleModule.pgCore();

export const incidents = pgTable(
  "incidents",
  {
    id: id(),
    workspaceId: workspaceId(),
    /** The spike rule and its first alert; kept when the rule is deleted. */
    ruleId: uuid("rule_id"),
    alertId: uuid("alert_id"),
    /** What spiked: the rollup dimension and key (`topic`, `billing`). */
    dimension: text("dimension").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** `open` gathers items; `answered`: the one answer was given and the items were closed. */
    state: text("state", { enum: ["open", "answering", "answered"] })
      .notNull()
      .default("open"),
    answerText: text("answer_text"),
    answeredByUserId: uuid("answered_by_user_id"),
    answeredAt: timestamp("answered_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("incidents_workspace_idx").on(t.workspaceId, t.createdAt),
    index("incidents_open_idx").on(t.workspaceId, t.ruleId, t.key, t.state),
  ],
);

export const incidentItems = pgTable(
  "incident_items",
  {
    id: id(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    workItemId: uuid("work_item_id").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The item's reply from the incident's answer: set in the reply's transaction, so never two. */
    replyId: uuid("reply_id"),
    /** `replied`, `skipped` (closed by then) or `failed` (the reply was refused, see `error`). */
    outcome: text("outcome", { enum: ["replied", "skipped", "failed"] }),
    error: text("error"),
  },
  (t) => [
    uniqueIndex("incident_items_item_key").on(t.incidentId, t.workItemId),
    index("incident_items_work_item_idx").on(t.workItemId),
  ],
);
