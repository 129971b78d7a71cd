/** Engaging customers beyond one reply: templates, approval rules, satisfaction surveys. */

import type { ApprovalCondition } from "../../../domain/approval.ts";
import type { TemplateVersion } from "../../../domain/templates.ts";
import { drizzleModule } from "../../orm.ts";
import { users } from "./access.ts";
import { bool, createdAt, id, json, now, time, uuid } from "./columns.ts";
import { conversations } from "./listening.ts";
import { replies, workItems } from "./work.ts";
import { workspaceId } from "./workspaceColumn.ts";
import { workspaces } from "./workspaces.ts";

const { index, integer, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const replyTemplates = sqliteTable(
  "reply_templates",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    /** One text per language. */
    versions: json<TemplateVersion[]>("versions").notNull().default([]),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("reply_templates_name_key").on(t.workspaceId, t.name)],
);

export const approvalRules = sqliteTable(
  "approval_rules",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    enabled: bool("enabled").notNull().default(true),
    conditions: json<ApprovalCondition[]>("conditions").notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index("approval_rules_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const engagementSettings = sqliteTable("engagement_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  surveyEnabled: bool("survey_enabled").notNull().default(true),
  surveyDelayMs: integer("survey_delay_ms").notNull().default(300_000),
  surveyCooldownDays: integer("survey_cooldown_days").notNull().default(30),
});

/** One invitation to rate the help on a resolved item, and the rating read from the answer. */
export const surveys = sqliteTable(
  "surveys",
  {
    id: id(),
    workspaceId: workspaceId(),
    workItemId: uuid("work_item_id").references(() => workItems.id, { onDelete: "set null" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The person asked (an author row; removed with their data). */
    authorId: uuid("author_id").notNull(),
    agentUserId: uuid("agent_user_id").references(() => users.id, { onDelete: "set null" }),
    queue: text("queue"),
    replyId: uuid("reply_id").references(() => replies.id, { onDelete: "set null" }),
    status: text("status", { enum: ["invited", "answered"] }).notNull(),
    score: integer("score"),
    answerPostId: uuid("answer_post_id"),
    invitedAt: time("invited_at").notNull(),
    answeredAt: time("answered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("surveys_work_item_key").on(t.workItemId),
    index("surveys_author_idx").on(t.workspaceId, t.authorId, t.invitedAt),
    index("surveys_conversation_idx").on(t.conversationId, t.status),
    index("surveys_answered_idx").on(t.workspaceId, t.answeredAt),
  ],
);
