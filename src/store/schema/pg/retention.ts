/** How long a workspace keeps posts and conversations, what each retention run removed, and the counts kept after. */

import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { integer, index, pgTable, primaryKey, text, timestamp } = drizzleModule.pgCore();

export const retentionPolicies = pgTable("retention_policies", {
  workspaceId: workspaceId().primaryKey(),
  /** Posts older than this many days go; null keeps everything. */
  maxAgeDays: integer("max_age_days"),
  mode: text("mode", { enum: ["delete", "anonymise"] })
    .notNull()
    .default("anonymise"),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const retentionRuns = pgTable(
  "retention_runs",
  {
    id: id(),
    workspaceId: workspaceId(),
    mode: text("mode", { enum: ["delete", "anonymise"] }).notNull(),
    cutoff: timestamp("cutoff", { withTimezone: true, precision: 3 }).notNull(),
    posts: integer("posts").notNull(),
    conversations: integer("conversations").notNull(),
    workItems: integer("work_items").notNull(),
    replies: integer("replies").notNull(),
    authors: integer("authors").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("retention_runs_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/** Posts per day, platform, sentiment and intent, counted before retention removes them. */
export const retentionDaily = pgTable(
  "retention_daily",
  {
    workspaceId: workspaceId(),
    /** The UTC day, YYYY-MM-DD. */
    day: text("day").notNull(),
    platform: text("platform").notNull(),
    sentiment: text("sentiment").notNull(),
    intent: text("intent").notNull(),
    posts: integer("posts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.platform, t.sentiment, t.intent] })],
);
