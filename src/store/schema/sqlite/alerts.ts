/** Alert rules, alerts and deliveries (see schema/pg/alerts.ts). */

import type { AlertChannel, AlertCondition, AlertWhy } from "../../../domain/alerts.ts";
import { drizzleModule } from "../../orm.ts";
import { bool, createdAt, id, json, now, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, integer, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["tag", "vip", "keyword", "threshold", "spike"] }).notNull(),
    condition: json<AlertCondition>("condition").notNull(),
    channels: json<AlertChannel[]>("channels").notNull(),
    secret: text("secret").notNull(),
    enabled: bool("enabled").notNull().default(true),
    quietMinutes: integer("quiet_minutes").notNull().default(60),
    allowPrivateNetwork: bool("allow_private_network").notNull().default(false),
    lastFiredAt: time("last_fired_at"),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [index("alert_rules_workspace_idx").on(t.workspaceId, t.kind)],
);

export const alerts = sqliteTable(
  "alerts",
  {
    id: id(),
    workspaceId: workspaceId(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: ["fired", "suppressed"] }).notNull(),
    why: json<AlertWhy>("why").notNull(),
    postIds: json<string[]>("post_ids").notNull().default([]),
    suppressedBefore: integer("suppressed_before").notNull().default(0),
    firedAt: time("fired_at").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_rule_key").on(t.ruleId, t.dedupeKey),
    index("alerts_workspace_idx").on(t.workspaceId, t.firedAt),
  ],
);

export const alertDeliveries = sqliteTable(
  "alert_deliveries",
  {
    id: id(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    channel: integer("channel").notNull(),
    type: text("type", { enum: ["webhook", "email", "chat"] }).notNull(),
    target: text("target").notNull(),
    status: text("status", { enum: ["queued", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("alert_deliveries_channel_key").on(t.alertId, t.channel)],
);
