/** What keeps Parley running and accountable: the audit log, the event log, jobs, dead letters, idempotency answers. */

import { drizzleModule, sql } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id, json, now, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, integer, primaryKey, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    detail: json<Record<string, unknown>>("detail").notNull().default({}),
    at: time("at").notNull().default(now),
  },
  (t) => [index("audit_subject_idx").on(t.workspaceId, t.subjectType, t.subjectId)],
);

/** The outbox and event log (see schema.pg.ts). */
export const events = sqliteTable(
  "events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: uuid("id").notNull(),
    type: text("type").notNull(),
    workspaceId: uuid("workspace_id"),
    data: json<Record<string, unknown>>("data").notNull().default({}),
    at: time("at").notNull().default(now),
    relayedAt: time("relayed_at"),
  },
  (t) => [
    uniqueIndex("events_id_key").on(t.id),
    index("events_workspace_idx").on(t.workspaceId, t.seq),
    index("events_unrelayed_idx").on(t.seq).where(sql`relayed_at is null`),
  ],
);

export const eventConsumers = sqliteTable("event_consumers", {
  name: text("name").primaryKey(),
  position: integer("position").notNull().default(0),
  updatedAt: time("updated_at").notNull().default(now),
});

export const jobs = sqliteTable(
  "jobs",
  {
    id: id(),
    name: text("name").notNull(),
    key: text("key").notNull(),
    workspaceId: uuid("workspace_id"),
    payload: json<Record<string, unknown>>("payload").notNull().default({}),
    state: text("state", { enum: ["queued", "running", "done", "dead"] })
      .notNull()
      .default("queued"),
    runAt: time("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    lockedBy: text("locked_by"),
    lockedUntil: time("locked_until"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("jobs_name_key").on(t.name, t.key),
    index("jobs_due_idx").on(t.runAt).where(sql`state in ('queued', 'running')`),
  ],
);

export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: id(),
    workspaceId: uuid("workspace_id"),
    origin: text("origin", { enum: ["job", "source"] }).notNull(),
    name: text("name").notNull(),
    jobId: uuid("job_id"),
    sourceId: uuid("source_id"),
    code: text("code").notNull(),
    reason: text("reason").notNull(),
    payload: text("payload").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    retriedAt: time("retried_at"),
  },
  (t) => [index("dead_letters_created_idx").on(t.createdAt)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    result: json<Record<string, unknown>>("result").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
