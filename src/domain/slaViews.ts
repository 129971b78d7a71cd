/** Service levels' API views and inputs as zod schemas: calendars, policies, an item's SLA, the report. */
import { z } from "zod";
import { TIERS } from "./customer.ts";
import { ESCALATION_ACTIONS, SLA_TARGETS } from "./sla/policy.ts";

const id = z.uuid();
const timestamp = z.iso.datetime();
const label = z.string().trim().min(1).max(100);
const DAY_MS = 86_400_000;
/** Targets from a minute to 90 days of business time. */
const target = z
  .number()
  .int()
  .min(60_000)
  .max(90 * DAY_MS);

export const SLA_STATES = ["on_time", "at_risk", "breached"] as const;

/** An item's SLA as the inbox and the conversation show it. */
export const workItemSlaView = z.object({
  policy: z.object({ id, name: z.string() }),
  state: z.enum(SLA_STATES),
  /** running: a target's time counts; paused: waiting on the customer; stopped: closed. */
  status: z.enum(["running", "paused", "stopped"]),
  /** The target that falls due first (the overdue one once breached); null when none runs. */
  target: z.enum(SLA_TARGETS).nullable(),
  dueAt: timestamp.nullable(),
  /** Business time left on a paused resolution. */
  remainingMs: z.number().int().nullable(),
});
export type WorkItemSlaView = z.infer<typeof workItemSlaView>;

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "a time as HH:MM");
export const businessHours = z.object({ day: z.number().int().min(0).max(6), start: hhmm, end: hhmm });

export const calendarInput = z.object({
  name: label,
  timeZone: z.string().trim().min(1).max(64),
  hours: z.array(businessHours).min(1).max(70),
  holidays: z.array(z.iso.date()).max(500).default([]),
});
export const calendarView = calendarInput.extend({ id, holidays: z.array(z.string()) });
export type CalendarView = z.infer<typeof calendarView>;

export const slaCondition = z.discriminatedUnion("field", [
  z.object({ field: z.enum(["queue", "platform", "channel"]), values: z.array(label).min(1).max(50) }),
  z.object({ field: z.literal("tier"), values: z.array(z.enum(TIERS)).min(1).max(TIERS.length) }),
  z.object({
    field: z.literal("priority"),
    min: z.number().min(0).max(100),
    max: z.number().min(0).max(100),
  }),
]);

export const escalation = z.object({
  when: z.enum(["at_risk", "breached"]),
  action: z.enum(ESCALATION_ACTIONS),
  amount: z.number().min(1).max(100).optional(),
  queueId: id.optional(),
});

export const policyInput = z.object({
  name: label,
  position: z.number().int().min(0).max(10_000),
  enabled: z.boolean().default(true),
  conditions: z.array(slaCondition).max(20).default([]),
  firstResponseMs: target.nullable(),
  nextResponseMs: target.nullable(),
  resolutionMs: target.nullable(),
  warnBeforeMs: z
    .number()
    .int()
    .min(0)
    .max(30 * DAY_MS)
    .default(0),
  calendarId: id.nullable().default(null),
  escalations: z.array(escalation).max(10).default([]),
});
export const policyView = policyInput.extend({ id });
export type PolicyView = z.infer<typeof policyView>;

const figure = z.object({
  key: z.string(),
  name: z.string(),
  total: z.number().int(),
  met: z.number().int(),
  /** Met over decided, 0..100; null when nothing was decided. */
  metPct: z.number().nullable(),
  /** The items that breached, at most 100, with their conversations (to open them). */
  breached: z.array(z.object({ workItemId: id, conversationId: id })),
});

export const slaReportQuery = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });
export const slaReport = z.object({
  from: timestamp,
  to: timestamp,
  overall: figure,
  queues: z.array(figure),
  agents: z.array(figure),
  policies: z.array(figure),
});
export type SlaReport = z.infer<typeof slaReport>;
