/** How long a workspace keeps posts and conversations, what each retention run removed, and the counts kept after. */

import { drizzleModule } from "../../orm.ts";
import { createdAt, id, now, time } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { integer, index, primaryKey, sqliteTable, text } = drizzleModule.sqliteCore();

export const retentionPolicies = sqliteTable("retention_policies", {
  workspaceId: workspaceId().primaryKey(),
  maxAgeDays: integer("max_age_days"),
  mode: text("mode", { enum: ["delete", "anonymise"] })
    .notNull()
    .default("anonymise"),
  updatedAt: time("updated_at").notNull().default(now),
});

export const retentionRuns = sqliteTable(
  "retention_runs",
  {
    id: id(),
    workspaceId: workspaceId(),
    mode: text("mode", { enum: ["delete", "anonymise"] }).notNull(),
    cutoff: time("cutoff").notNull(),
    posts: integer("posts").notNull(),
    conversations: integer("conversations").notNull(),
    workItems: integer("work_items").notNull(),
    replies: integer("replies").notNull(),
    authors: integer("authors").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("retention_runs_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const retentionDaily = sqliteTable(
  "retention_daily",
  {
    workspaceId: workspaceId(),
    day: text("day").notNull(),
    platform: text("platform").notNull(),
    sentiment: text("sentiment").notNull(),
    intent: text("intent").notNull(),
    posts: integer("posts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.platform, t.sentiment, t.intent] })],
);
