/** Workspaces and what their analysis is tuned with. */

import type { PriorityWeights, TopicExample, WorkspaceLearnerJson } from "../../../analysis/index.ts";
import type { Competitor } from "../../../domain/views.ts";
import { drizzleModule } from "../../orm.ts";
import { bool, createdAt, id, json, now, time, uuid } from "./columns.ts";

const { integer, sqliteTable, text } = drizzleModule.sqliteCore();

export const workspaces = sqliteTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  brandHandles: json<string[]>("brand_handles").notNull().default([]),
  brandNames: json<string[]>("brand_names").notNull().default([]),
  platformHandles: json<Record<string, string[]>>("platform_handles").notNull().default({}),
  employeeHandles: json<string[]>("employee_handles").notNull().default([]),
  competitors: json<Competitor[]>("competitors").notNull().default([]),
  languages: json<string[]>("languages").notNull().default([]),
  timeZone: text("time_zone").notNull().default("UTC"),
  starterCampaignId: uuid("starter_campaign_id"),
  competitorCampaignId: uuid("competitor_campaign_id"),
  demo: bool("demo").notNull().default(false),
  createdAt: createdAt(),
});

export const workspaceModels = sqliteTable("workspace_models", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  taxonomyStarter: text("taxonomy_starter"),
  taxonomyExamples: json<TopicExample[]>("taxonomy_examples").notNull().default([]),
  learner: json<WorkspaceLearnerJson>("learner"),
  priority: json<PriorityWeights>("priority"),
  version: integer("version").notNull().default(1),
  updatedAt: time("updated_at").notNull().default(now),
});
