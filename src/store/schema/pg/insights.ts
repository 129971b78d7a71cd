/** Insight rollups: hourly and daily figures per filter scope and dimension, kept by the rollup job as posts are stored. */

import { drizzleModule } from "../../orm.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { integer, pgTable, primaryKey, text, timestamp } = drizzleModule.pgCore();

export const insightRollups = pgTable(
  "insight_rollups",
  {
    workspaceId: workspaceId(),
    /** "all", or the one filter the row answers: `campaign:<id>`, `platform:<name>`, `language:<code>`, `topic:<name>`. */
    scope: text("scope").notNull(),
    dimension: text("dimension").notNull(),
    /** "hour" or "day" (UTC): daily rows let a month's chart read thirty rows per line, not 720. */
    grain: text("grain").notNull(),
    /** The bucket's first instant. */
    start: timestamp("start", { withTimezone: true, precision: 3 }).notNull(),
    key: text("key").notNull(),
    posts: integer("posts").notNull(),
    /** Distinct authors in the bucket (the sketch's count, kept beside it for reading without decoding). */
    authors: integer("authors").notNull(),
    /** The bucket's authors as a mergeable sketch (src/domain/insight/authorSketch.ts). */
    sketch: text("sketch").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.scope, t.dimension, t.grain, t.start, t.key] })],
);

/** Events whose posts are in the rollups: a job run twice for one event adds nothing the second time. */
export const insightAppliedEvents = pgTable("insight_applied_events", {
  eventId: text("event_id").primaryKey(),
  workspaceId: workspaceId(),
  appliedAt: timestamp("applied_at", { withTimezone: true, precision: 3 }).notNull(),
});
