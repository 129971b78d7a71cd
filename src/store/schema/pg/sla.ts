/** Service levels: business-hours calendars, SLA policies, and each work item's SLA clocks. */

import type { BusinessHours } from "../../../domain/sla/calendar.ts";
import type { SlaFact } from "../../../domain/sla/clock.ts";
import type { Escalation, SlaCondition } from "../../../domain/sla/policy.ts";
import { drizzleModule } from "../../orm.ts";
import { createdAt, id } from "./columns.ts";
import { workItems } from "./work.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } =
  drizzleModule.pgCore();

export const slaCalendars = pgTable(
  "sla_calendars",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    hours: jsonb("hours").$type<BusinessHours[]>().notNull().default([]),
    holidays: jsonb("holidays").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sla_calendars_name_key").on(t.workspaceId, t.name)],
);

export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    conditions: jsonb("conditions").$type<SlaCondition[]>().notNull().default([]),
    /** Targets in business milliseconds (null: no target of that kind). */
    firstResponseMs: bigint("first_response_ms", { mode: "number" }),
    nextResponseMs: bigint("next_response_ms", { mode: "number" }),
    resolutionMs: bigint("resolution_ms", { mode: "number" }),
    warnBeforeMs: bigint("warn_before_ms", { mode: "number" }).notNull().default(0),
    /** Null: counted round the clock. A calendar in use cannot be deleted. */
    calendarId: uuid("calendar_id").references(() => slaCalendars.id),
    escalations: jsonb("escalations").$type<Escalation[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sla_policies_name_key").on(t.workspaceId, t.name),
    index("sla_policies_workspace_idx").on(t.workspaceId, t.position),
  ],
);

/** One row per work item under a policy: what happened to it, and the clocks replayed from it. */
export const workItemSlas = pgTable(
  "work_item_slas",
  {
    workItemId: uuid("work_item_id")
      .primaryKey()
      .references(() => workItems.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    policyId: uuid("policy_id").references(() => slaPolicies.id, { onDelete: "set null" }),
    facts: jsonb("facts").$type<SlaFact[]>().notNull().default([]),
    status: text("status", { enum: ["running", "paused", "stopped"] })
      .notNull()
      .default("running"),
    state: text("state", { enum: ["on_time", "at_risk", "breached"] })
      .notNull()
      .default("on_time"),
    breached: boolean("breached").notNull().default(false),
    /** The soonest due time of a running target (the inbox sorts on it) and which target. */
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }),
    dueTarget: text("due_target", { enum: ["first_response", "next_response", "resolution"] }),
    /** Business time left on a paused resolution. */
    remainingMs: bigint("remaining_ms", { mode: "number" }),
    /** Thresholds whose escalations have run (each runs once). */
    escalated: jsonb("escalated").$type<string[]>().notNull().default([]),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("work_item_slas_due_idx").on(t.workspaceId, t.dueAt),
    index("work_item_slas_opened_idx").on(t.workspaceId, t.openedAt),
  ],
);
