/** Workspaces and what their analysis is tuned with. */

import type { PriorityWeights, TopicExample, WorkspaceLearnerJson } from "../../../analysis/index.ts";
import type { Competitor } from "../../../domain/views.ts";
import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";

const { boolean, integer, jsonb, pgTable, text, timestamp, uuid } = drizzleModule.pgCore();

export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  /** The brand's own handles, lower-case without @: posts by them are from the brand. */
  brandHandles: jsonb("brand_handles").$type<string[]>().notNull().default([]),
  /** The brand's names as people write them ("Lumen Mobile"): mentions of them are about the brand. */
  brandNames: jsonb("brand_names").$type<string[]>().notNull().default([]),
  /** The brand's handles on one platform each, lower-case without @, by platform. */
  platformHandles: jsonb("platform_handles").$type<Record<string, string[]>>().notNull().default({}),
  /** Employees' personal accounts: their posts are neither customers' nor the brand's answers. */
  employeeHandles: jsonb("employee_handles").$type<string[]>().notNull().default([]),
  competitors: jsonb("competitors").$type<Competitor[]>().notNull().default([]),
  /** Languages the brand works in (ISO 639-1); the starter campaign's language filter. */
  languages: jsonb("languages").$type<string[]>().notNull().default([]),
  /** IANA time zone of the brand's operation. */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Campaigns the settings keep in step: built from the brand's names and from its competitors. */
  starterCampaignId: uuid("starter_campaign_id"),
  competitorCampaignId: uuid("competitor_campaign_id"),
  demo: boolean("demo").notNull().default(false),
  createdAt: createdAt(),
});

/** What a workspace's analysis is tuned with: its topic taxonomy and what agents have taught it. */
export const workspaceModels = pgTable("workspace_models", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** A starter taxonomy's name, used when `taxonomyExamples` is empty. */
  taxonomyStarter: text("taxonomy_starter"),
  taxonomyExamples: jsonb("taxonomy_examples").$type<TopicExample[]>().notNull().default([]),
  learner: jsonb("learner").$type<WorkspaceLearnerJson>(),
  /** The workspace's priority weights; the documented defaults when null. */
  priority: jsonb("priority").$type<PriorityWeights>(),
  /** Bumped on every change, so analyzers built from an older state are replaced. */
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
