/**
 * The one schema, PostgreSQL dialect, shared by PGlite and PostgreSQL. Every table belongs to a
 * workspace. Migrations are generated from this file by `npm run db:generate` into drizzle/.
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type {
  PriorityWeights,
  RelevanceFilterJson,
  TopicExample,
  WorkspaceLearnerJson,
} from "../analysis/index.ts";
import type { Analysis } from "../domain/analysis.ts";
import type { PostCorrection } from "../domain/views.ts";

const id = () => uuid("id").primaryKey().defaultRandom();
const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
// Millisecond precision: timestamps round-trip through JSON cursors and the API exactly.
/**
 * Tables on the ingest path (authors, conversations, posts, work items) carry no foreign
 * keys: a key check per row would cost more than the insert itself, and one transaction in
 * store/ingest.ts writes all of them together, so their links cannot dangle.
 */
const hotWorkspaceId = () => uuid("workspace_id").notNull();
const createdAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  /** The brand's own handles, lower-case without @: posts by them are from the brand. */
  brandHandles: jsonb("brand_handles").$type<string[]>().notNull().default([]),
  /** The brand's names as people write them ("Lumen Mobile"): mentions of them are about the brand. */
  brandNames: jsonb("brand_names").$type<string[]>().notNull().default([]),
  demo: boolean("demo").notNull().default(false),
  createdAt: createdAt(),
});

/** What a workspace's analysis is tuned with: its topic taxonomy and what agents have taught it. */
export const workspaceModels = pgTable("workspace_models", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** A starter taxonomy's name, used when `taxonomyExamples` is empty. */
  taxonomyStarter: text("taxonomy_starter"),
  taxonomyExamples: jsonb("taxonomy_examples").$type<TopicExample[]>().notNull().default([]),
  learner: jsonb("learner").$type<WorkspaceLearnerJson>(),
  /** The workspace's priority weights; the documented defaults when null. */
  priority: jsonb("priority").$type<PriorityWeights>(),
  /** Bumped on every change, so analyzers built from an older state are replaced. */
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "supervisor", "agent", "analyst"] }).notNull(),
    passwordHash: text("password_hash").notNull(),
    /** Set when an admin disables the user: no sign-in, no session, no token works from then on. */
    disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
    /** Base32 TOTP secret of the second factor; it is asked for at sign-in once confirmed. */
    totpSecret: text("totp_secret"),
    totpConfirmedAt: timestamp("totp_confirmed_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
    tokenHash: text("token_hash").primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, precision: 3 }),
    /** The token stops working then; null for tokens made before expiry existed. */
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    /** Set when the token is revoked; a revoked token is kept so the list shows it. */
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Secrets the instance generates for itself, such as the key that signs session cookies: kept
 * here so restarts keep sessions and every web process signs alike.
 */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

export const sources = pgTable("sources", {
  id: id(),
  workspaceId: workspaceId(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  /** Where the source resumes after a restart. */
  cursor: jsonb("cursor").$type<Record<string, unknown> | null>(),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: createdAt(),
});

export const campaigns = pgTable("campaigns", {
  id: id(),
  workspaceId: workspaceId(),
  name: text("name").notNull(),
  query: text("query").notNull(),
  languages: jsonb("languages").$type<string[]>().notNull().default([]),
  excludeAuthors: jsonb("exclude_authors").$type<string[]>().notNull().default([]),
  vipAuthors: jsonb("vip_authors").$type<string[]>().notNull().default([]),
  enabled: boolean("enabled").notNull().default(true),
  /** The campaign's relevance filter, learnt from agents' accept and discard decisions. */
  relevance: jsonb("relevance").$type<RelevanceFilterJson>(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const authors = pgTable(
  "authors",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    platform: text("platform").notNull(),
    platformId: text("platform_id").notNull(),
    handle: text("handle").notNull(),
    name: text("name"),
    followers: integer("followers"),
    verified: boolean("verified").notNull().default(false),
    isBrand: boolean("is_brand").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("authors_platform_key").on(t.workspaceId, t.platform, t.platformId)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    platform: text("platform").notNull(),
    /** Platform id of the thread's first post (or of the earliest ancestor seen so far). */
    rootPlatformId: text("root_platform_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("conversations_root_key").on(t.workspaceId, t.platform, t.rootPlatformId)],
);

export const posts = pgTable(
  "posts",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    /** Arrival order: a stable, monotonic key for cursors and replays. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    platform: text("platform").notNull(),
    platformId: text("platform_id").notNull(),
    url: text("url"),
    text: text("text").notNull(),
    language: text("language"),
    channel: text("channel", { enum: ["public", "private"] })
      .notNull()
      .default("public"),
    authorId: uuid("author_id").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    replyToPlatformId: text("reply_to_platform_id"),
    campaignIds: jsonb("campaign_ids").$type<string[]>().notNull().default([]),
    demo: boolean("demo").notNull().default(false),
    // The analysis is one-to-one with the post and written with it: its headline labels are
    // columns for filtering and aggregation, the whole of it (confidences, explanations) is jsonb.
    modelVersion: text("model_version").notNull(),
    direction: text("direction").notNull(),
    intent: text("intent").notNull(),
    sentiment: text("sentiment").notNull(),
    sentimentScore: real("sentiment_score").notNull(),
    topic: text("topic"),
    urgency: text("urgency").notNull(),
    priority: doublePrecision("priority").notNull(),
    needsBrand: boolean("needs_brand").notNull(),
    analysis: jsonb("analysis").$type<Analysis>().notNull(),
    /** An agent's correction of the analysis; the workspace's models learnt from it. */
    correction: jsonb("correction").$type<PostCorrection>(),
    raw: jsonb("raw"),
    postedAt: timestamp("posted_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("posts_platform_key").on(t.workspaceId, t.platform, t.platformId),
    index("posts_url_idx").on(t.workspaceId, t.url).where(sql`url is not null`),
    index("posts_conversation_idx").on(t.conversationId, t.postedAt),
    index("posts_seq_idx").on(t.workspaceId, t.seq),
  ],
);

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
    priority: doublePrecision("priority").notNull(),
    discardReason: text("discard_reason"),
    /** Bumped on every change: the version clients and optimistic updates compare. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    reservedAt: timestamp("reserved_at", { withTimezone: true, precision: 3 }),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("work_items_open_idx").on(t.workspaceId, t.state, t.priority, t.createdAt),
    // One open item per conversation: later posts in the thread join it instead of opening another.
    uniqueIndex("work_items_open_conversation_key")
      .on(t.conversationId)
      .where(sql`state in ('new', 'reserved')`),
  ],
);

export const replies = pgTable("replies", {
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
  status: text("status", { enum: ["draft", "pending_approval", "queued", "sent", "failed"] }).notNull(),
  platformId: text("platform_id"),
  error: text("error"),
  createdAt: createdAt(),
  sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }),
});

export const customers = pgTable(
  "customers",
  {
    id: id(),
    workspaceId: workspaceId(),
    externalId: text("external_id"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    value: doublePrecision("value"),
    vip: boolean("vip").notNull().default(false),
    consent: jsonb("consent").$type<Record<string, boolean>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("customers_external_idx").on(t.workspaceId, t.externalId)],
);

export const identityLinks = pgTable(
  "identity_links",
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["suggested", "confirmed", "rejected"] }).notNull(),
    evidence: jsonb("evidence").$type<{ kind: string; detail: string }[]>().notNull().default([]),
    confidence: real("confidence").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("identity_links_pair_key").on(t.customerId, t.authorId)],
);

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
