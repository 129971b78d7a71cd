/** Alert rules, the alerts they fired (or held back in a quiet period) and each alert's deliveries. */

import type { AlertChannel, AlertCondition, AlertWhy } from "../../../domain/alerts.ts";
import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } =
  drizzleModule.pgCore();

export const alertRules = pgTable(
  "alert_rules",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["tag", "vip", "keyword", "threshold", "spike"] }).notNull(),
    condition: jsonb("condition").$type<AlertCondition>().notNull(),
    channels: jsonb("channels").$type<AlertChannel[]>().notNull(),
    /** The webhook signing secret, sealed by the credentials box. */
    secret: text("secret").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    quietMinutes: integer("quiet_minutes").notNull().default(60),
    allowPrivateNetwork: boolean("allow_private_network").notNull().default(false),
    lastFiredAt: timestamp("last_fired_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_workspace_idx").on(t.workspaceId, t.kind)],
);

export const alerts = pgTable(
  "alerts",
  {
    id: id(),
    workspaceId: workspaceId(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    /** What the alert is about (`event:<id>`, `threshold:<hour>`, `spike:<hour>:<key>`): one alert each. */
    dedupeKey: text("dedupe_key").notNull(),
    /** `fired` (delivered to the channels) or `suppressed` (held back by the quiet period). */
    status: text("status", { enum: ["fired", "suppressed"] }).notNull(),
    why: jsonb("why").$type<AlertWhy>().notNull(),
    postIds: jsonb("post_ids").$type<string[]>().notNull().default([]),
    /** Alerts of the rule suppressed since the one before this fired. */
    suppressedBefore: integer("suppressed_before").notNull().default(0),
    firedAt: timestamp("fired_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("alerts_rule_key").on(t.ruleId, t.dedupeKey),
    index("alerts_workspace_idx").on(t.workspaceId, t.firedAt),
  ],
);

export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: id(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    /** The channel's place in the rule's list when the alert fired, and its kind and target. */
    channel: integer("channel").notNull(),
    type: text("type", { enum: ["webhook", "email", "chat"] }).notNull(),
    target: text("target").notNull(),
    status: text("status", { enum: ["queued", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("alert_deliveries_channel_key").on(t.alertId, t.channel)],
);
