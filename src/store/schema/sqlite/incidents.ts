/** Incidents and the work items they group (see schema/pg/incidents.ts). */

import { drizzleModule } from "../../orm.ts";
import { createdAt, id, now, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const incidents = sqliteTable(
  "incidents",
  {
    id: id(),
    workspaceId: workspaceId(),
    ruleId: uuid("rule_id"),
    alertId: uuid("alert_id"),
    dimension: text("dimension").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    state: text("state", { enum: ["open", "answering", "answered"] })
      .notNull()
      .default("open"),
    answerText: text("answer_text"),
    answeredByUserId: uuid("answered_by_user_id"),
    answeredAt: time("answered_at"),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [
    index("incidents_workspace_idx").on(t.workspaceId, t.createdAt),
    index("incidents_open_idx").on(t.workspaceId, t.ruleId, t.key, t.state),
  ],
);

export const incidentItems = sqliteTable(
  "incident_items",
  {
    id: id(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    workItemId: uuid("work_item_id").notNull(),
    addedAt: time("added_at").notNull().default(now),
    replyId: uuid("reply_id"),
    outcome: text("outcome", { enum: ["replied", "skipped", "failed"] }),
    error: text("error"),
  },
  (t) => [
    uniqueIndex("incident_items_item_key").on(t.incidentId, t.workItemId),
    index("incident_items_work_item_idx").on(t.workItemId),
  ],
);
