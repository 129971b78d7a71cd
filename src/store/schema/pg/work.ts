/** The contact-center work: work items, queues and routing, replies. */

import type { SavedView } from "../../../domain/inboxFilter.ts";
import type { RuleCondition } from "../../../domain/routing/rules.ts";
import type { AgentSkill, Skill } from "../../../domain/routing/skills.ts";
import { drizzleModule, sql } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, hotWorkspaceId, id } from "./columns.ts";
import { conversations, posts } from "./listening.ts";
import { workspaceId } from "./workspaceColumn.ts";
import { workspaces } from "./workspaces.ts";

const {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} = drizzleModule.pgCore();
export const workItems = pgTable(
  "work_items",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    conversationId: uuid("conversation_id").notNull(),
    /** The post that opened the item; `latestPostId` the newest one that needs an answer. */
    postId: uuid("post_id").notNull(),
    latestPostId: uuid("latest_post_id").notNull(),
    state: text("state", { enum: ["new", "reserved", "handled", "discarded", "queued_external"] })
      .notNull()
      .default("new"),
    queue: text("queue"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** The agent the item is offered to until `offerExpiresAt`: reserved for them meanwhile. */
    offeredTo: uuid("offered_to"),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true, precision: 3 }),
    /** Agents who declined the item: it is not offered to them again (they may still take it). */
    declinedBy: jsonb("declined_by").$type<string[]>().notNull().default([]),
    /** When the item started waiting in its queue (`queue` holds the queue's id). */
    queuedAt: timestamp("queued_at", { withTimezone: true, precision: 3 }),
    priority: doublePrecision("priority").notNull(),
    discardReason: text("discard_reason"),
    /** Bumped on every change: the version clients and optimistic updates compare. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    reservedAt: timestamp("reserved_at", { withTimezone: true, precision: 3 }),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    /** The conversation's earlier item this one follows (the customer wrote again after its reopen window). */
    previousItemId: uuid("previous_item_id"),
  },
  (t) => [
    index("work_items_open_idx").on(t.workspaceId, t.state, t.priority, t.createdAt),
    // The lists' order (priority, then oldest first), read from an index instead of sorted: the
    // inbox (open items) and the list of every item stay fast however many items a workspace has.
    index("work_items_inbox_idx")
      .on(t.workspaceId, t.priority.desc().nullsFirst(), t.createdAt, t.id)
      .where(sql`state in ('new', 'reserved')`),
    index("work_items_order_idx").on(t.workspaceId, t.priority.desc().nullsFirst(), t.createdAt, t.id),
    // Each queue's waiting items in queue order (priority, then the longest waiting): push routing
    // reads a queue's best few from here, however many wait.
    index("work_items_waiting_idx")
      .on(t.queue, t.priority.desc().nullsFirst(), t.queuedAt, t.id)
      .where(sql`state = 'new' and offered_to is null and queue is not null`),
    index("work_items_offered_idx").on(t.offeredTo).where(sql`offered_to is not null`),
    index("work_items_held_idx").on(t.assigneeId).where(sql`state = 'reserved'`),
    // The supervisor's per-queue counts read only this index: every column they group, count or
    // take the oldest of is in it, so the table is not visited however many items wait.
    index("work_items_queue_open_idx")
      .on(t.workspaceId, t.queue, t.state, t.offeredTo, t.queuedAt, t.createdAt, t.id)
      .where(sql`state in ('new', 'reserved')`),
    // Waiting items an agent declined: push routing reads them all, wherever they stand in their queue.
    index("work_items_declined_idx")
      .on(t.workspaceId)
      .where(sql`state = 'new' and offered_to is null and jsonb_array_length(declined_by) > 0`),
    // A conversation's items, latest closed first: what a customer's new post reopens or follows.
    index("work_items_conversation_idx").on(t.conversationId, t.closedAt),
    // One open item per conversation: later posts in the thread join it instead of opening another.
    uniqueIndex("work_items_open_conversation_key")
      .on(t.conversationId)
      .where(sql`state in ('new', 'reserved')`),
  ],
);

export const queues = pgTable(
  "queues",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    requiredSkills: jsonb("required_skills").$type<Skill[]>().notNull().default([]),
    overflowQueueId: uuid("overflow_queue_id"),
    overflowAfterMs: integer("overflow_after_ms"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("queues_name_key").on(t.workspaceId, t.name)],
);

export const routingRules = pgTable(
  "routing_rules",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    queueId: uuid("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull().default(true),
    conditions: jsonb("conditions").$type<RuleCondition[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index("routing_rules_workspace_idx").on(t.workspaceId, t.position)],
);

/** What routing knows of an agent: skills, capacity and presence. */
export const agentProfiles = pgTable(
  "agent_profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceId(),
    skills: jsonb("skills").$type<AgentSkill[]>().notNull().default([]),
    capacity: integer("capacity").notNull().default(3),
    presence: text("presence", { enum: ["available", "away", "offline"] })
      .notNull()
      .default("offline"),
    presenceAt: timestamp("presence_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    idleSince: timestamp("idle_since", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("agent_profiles_workspace_idx").on(t.workspaceId)],
);

export const routingSettings = pgTable("routing_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  channelWeights: jsonb("channel_weights").$type<Record<string, number>>().notNull().default({}),
  offerTimeoutMs: integer("offer_timeout_ms").notNull().default(60_000),
  idleAwayMs: integer("idle_away_ms").notNull().default(600_000),
  /** How long after a resolve the customer's next post reopens the same item instead of a new one. */
  reopenWindowMs: bigint("reopen_window_ms", { mode: "number" }).notNull().default(604_800_000),
});

export const replies = pgTable(
  "replies",
  {
    id: id(),
    workspaceId: workspaceId(),
    workItemId: uuid("work_item_id").references(() => workItems.id, { onDelete: "set null" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    inReplyToPostId: uuid("in_reply_to_post_id").references(() => posts.id),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    channel: text("channel", { enum: ["public", "private"] }).notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: ["awaiting_approval", "rejected", "queued", "sent", "failed"] }).notNull(),
    /** The approval rules the reply matched when written; empty when it was queued at once. */
    approvalRules: jsonb("approval_rules").$type<string[]>().notNull().default([]),
    /** Who approved or rejected it, when, and why a rejected one was. */
    decidedByUserId: uuid("decided_by_user_id"),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    rejectReason: text("reject_reason"),
    /** The source it goes out through; null when the conversation's source cannot send. */
    sourceId: uuid("source_id"),
    platformId: text("platform_id"),
    url: text("url"),
    error: text("error"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("replies_work_item_idx").on(t.workItemId, t.createdAt)],
);

/** Agents' notes on a work item: internal, never sent; they go with their item. */
export const notes = pgTable(
  "notes",
  {
    id: id(),
    workspaceId: workspaceId(),
    workItemId: uuid("work_item_id")
      .notNull()
      .references(() => workItems.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("notes_work_item_idx").on(t.workItemId, t.createdAt),
    index("notes_conversation_idx").on(t.conversationId, t.createdAt),
  ],
);

/** An agent's named inbox views: a filter, whose items and which order, to come back to. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    view: jsonb("view").$type<SavedView>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_views_user_name_key").on(t.userId, t.name)],
);

/**
 * A work item's history: one row per domain event about it (opened, routed, offered, claimed,
 * transferred, replied, resolved, reopened…), written by the outbox relay in the transaction that
 * relays the event, so once per event (`event_id`), and kept as long as the item.
 */
export const workItemHistory = pgTable(
  "work_item_history",
  {
    eventId: uuid("event_id").primaryKey(),
    workspaceId: hotWorkspaceId(),
    workItemId: uuid("work_item_id")
      .notNull()
      .references(() => workItems.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    kind: text("kind").notNull(),
    actorUserId: uuid("actor_user_id"),
    agentUserId: uuid("agent_user_id"),
    queueId: uuid("queue_id"),
    detail: jsonb("detail").$type<Record<string, string | number>>().notNull().default({}),
  },
  (t) => [index("work_item_history_item_idx").on(t.workItemId, t.seq)],
);
