/** What keeps Parley running and accountable: the audit log, the event log, jobs, dead letters, idempotency answers. */

import { drizzleModule, sql } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { bigint, bigserial, index, integer, primaryKey, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } =
  drizzleModule.pgCore();
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: workspaceId(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("audit_subject_idx").on(t.workspaceId, t.subjectType, t.subjectId)],
);

/**
 * The domain events (src/domain/events.ts), written in the transaction of the change they
 * describe: the outbox. `seq` orders them; consumers keep their place in `event_consumers`, and
 * the relay marks what it has handed to NATS.
 */
export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull(),
    type: text("type").notNull(),
    workspaceId: uuid("workspace_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    relayedAt: timestamp("relayed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex("events_id_key").on(t.id),
    index("events_workspace_idx").on(t.workspaceId, t.seq),
    index("events_unrelayed_idx").on(t.seq).where(sql`relayed_at is null`),
  ],
);

/** Where each durable consumer of the event log has got to. */
export const eventConsumers = pgTable("event_consumers", {
  name: text("name").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Jobs and timers: a job is due at `run_at` (a timer is a job due later). `(name, key)` is unique,
 * so enqueueing the same job twice is one job; a worker holds a running job until `locked_until`,
 * and a job whose worker died is taken again after it.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    name: text("name").notNull(),
    key: text("key").notNull(),
    workspaceId: uuid("workspace_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    state: text("state", { enum: ["queued", "running", "done", "dead"] })
      .notNull()
      .default("queued"),
    runAt: timestamp("run_at", { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true, precision: 3 }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("jobs_name_key").on(t.name, t.key),
    index("jobs_due_idx").on(t.runAt).where(sql`state in ('queued', 'running')`),
  ],
);

/** What could not be done or read: a job that gave up, a payload a source could not parse. */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: id(),
    workspaceId: uuid("workspace_id"),
    origin: text("origin", { enum: ["job", "source"] }).notNull(),
    /** The job's name, or the source's kind. */
    name: text("name").notNull(),
    jobId: uuid("job_id"),
    sourceId: uuid("source_id"),
    code: text("code").notNull(),
    reason: text("reason").notNull(),
    payload: text("payload").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    retriedAt: timestamp("retried_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("dead_letters_created_idx").on(t.createdAt)],
);

/** Answers already given to a request with an idempotency key, so a retry gets the same one. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
