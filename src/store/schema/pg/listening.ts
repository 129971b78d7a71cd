/** What is listened to and what was heard: sources, campaigns, authors, threads and posts with their analysis. */

import type { RelevanceFilterJson } from "../../../analysis/index.ts";
import type { Analysis } from "../../../domain/analysis.ts";
import type { PostCorrection } from "../../../domain/views.ts";
import { drizzleModule, sql } from "../../orm.ts";
import { createdAt, hotWorkspaceId, id } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const {
  bigint,
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
} = drizzleModule.pgCore();

export const sources = pgTable(
  "sources",
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** The kind's settings, validated by its schema (src/connectors/registry.ts). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** Secrets, encrypted (src/connectors/secretBox.ts); never returned by the API. */
    credentials: text("credentials"),
    /** Where the source resumes; saved in the transaction that stores the batch read before it. */
    cursor: jsonb("cursor").$type<{ value: string } | null>(),
    enabled: boolean("enabled").notNull().default(true),
    /** The process that runs the source, until `lease_until`; another takes over after it. */
    leaseHolder: text("lease_holder"),
    leaseUntil: timestamp("lease_until", { withTimezone: true, precision: 3 }),
    /** The peer asked to wait (a spent quota) or the source backs off after errors. */
    pausedUntil: timestamp("paused_until", { withTimezone: true, precision: 3 }),
    failures: integer("failures").notNull().default(0),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true, precision: 3 }),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true, precision: 3 }),
    /** The newest post's time at the peer: the lag is now minus this. */
    newestAt: timestamp("newest_at", { withTimezone: true, precision: 3 }),
    /** When a source with an end (a file) stored its last batch; it is disabled then. */
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    postsTotal: bigint("posts_total", { mode: "number" }).notNull().default(0),
    rejectsTotal: bigint("rejects_total", { mode: "number" }).notNull().default(0),
    /** Posts read in the minute starting at `minute_start`, and in the minute before it. */
    minuteStart: timestamp("minute_start", { withTimezone: true, precision: 3 }),
    minuteCount: integer("minute_count").notNull().default(0),
    previousMinuteCount: integer("previous_minute_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("sources_workspace_idx").on(t.workspaceId)],
);

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
    /** The source that brought the thread's first post: replies go out through it. Null for imports. */
    sourceId: uuid("source_id"),
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
    /** The words of the text as a key (`src/domain/nearDuplicate.ts`); null for a short text. */
    fingerprint: text("fingerprint"),
    /** The post this one is grouped with, on the same platform: the one it quotes or repeats. */
    originalPlatformId: text("original_platform_id"),
    originalRelation: text("original_relation", { enum: ["quote", "copy"] }),
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
    /** The labels the insight rollups counted this post under; null until they have counted it. */
    rolledUp: text("rolled_up"),
    raw: jsonb("raw"),
    postedAt: timestamp("posted_at", { withTimezone: true, precision: 3 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("posts_platform_key").on(t.workspaceId, t.platform, t.platformId),
    index("posts_url_idx").on(t.workspaceId, t.url).where(sql`url is not null`),
    index("posts_conversation_idx").on(t.conversationId, t.postedAt),
    index("posts_seq_idx").on(t.workspaceId, t.seq),
    // A person's posts: their timeline, their erasure, and the rollups' recount after a correction.
    index("posts_author_idx").on(t.authorId, t.postedAt),
    // A text said again: the earliest post with the same words in the window before it.
    index("posts_fingerprint_idx")
      .on(t.workspaceId, t.platform, t.fingerprint, t.postedAt)
      .where(sql`fingerprint is not null`),
    // The posts grouped with an original: how often it was shared.
    index("posts_original_idx")
      .on(t.workspaceId, t.platform, t.originalPlatformId)
      .where(sql`original_platform_id is not null`),
  ],
);
