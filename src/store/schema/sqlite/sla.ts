/** Service levels: business-hours calendars, SLA policies, and each work item's SLA clocks. */

import type { BusinessHours } from "../../../domain/sla/calendar.ts";
import type { SlaFact } from "../../../domain/sla/clock.ts";
import type { Escalation, SlaCondition } from "../../../domain/sla/policy.ts";
import { drizzleModule } from "../../orm.ts";
import { bool, createdAt, id, json, now, time, uuid } from "./columns.ts";
import { workItems } from "./work.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, integer, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const slaCalendars = sqliteTable(
  "sla_calendars",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    hours: json<BusinessHours[]>("hours").notNull().default([]),
    holidays: json<string[]>("holidays").notNull().default([]),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("sla_calendars_name_key").on(t.workspaceId, t.name)],
);

export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    enabled: bool("enabled").notNull().default(true),
    conditions: json<SlaCondition[]>("conditions").notNull().default([]),
    firstResponseMs: integer("first_response_ms"),
    nextResponseMs: integer("next_response_ms"),
    resolutionMs: integer("resolution_ms"),
    warnBeforeMs: integer("warn_before_ms").notNull().default(0),
    calendarId: uuid("calendar_id").references(() => slaCalendars.id),
    escalations: json<Escalation[]>("escalations").notNull().default([]),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("sla_policies_name_key").on(t.workspaceId, t.name),
    index("sla_policies_workspace_idx").on(t.workspaceId, t.position),
  ],
);

export const workItemSlas = sqliteTable(
  "work_item_slas",
  {
    workItemId: uuid("work_item_id")
      .primaryKey()
      .references(() => workItems.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    policyId: uuid("policy_id").references(() => slaPolicies.id, { onDelete: "set null" }),
    facts: json<SlaFact[]>("facts").notNull().default([]),
    status: text("status", { enum: ["running", "paused", "stopped"] })
      .notNull()
      .default("running"),
    state: text("state", { enum: ["on_time", "at_risk", "breached"] })
      .notNull()
      .default("on_time"),
    breached: bool("breached").notNull().default(false),
    dueAt: time("due_at"),
    dueTarget: text("due_target", { enum: ["first_response", "next_response", "resolution"] }),
    remainingMs: integer("remaining_ms"),
    escalated: json<string[]>("escalated").notNull().default([]),
    openedAt: time("opened_at").notNull(),
    closedAt: time("closed_at"),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [
    index("work_item_slas_due_idx").on(t.workspaceId, t.dueAt),
    index("work_item_slas_opened_idx").on(t.workspaceId, t.openedAt),
  ],
);
