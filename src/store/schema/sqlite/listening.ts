/** What is listened to and what was heard: sources, campaigns, authors, threads and posts with their analysis. */

import type { RelevanceFilterJson } from "../../../analysis/index.ts";
import type { Analysis } from "../../../domain/analysis.ts";
import type { PostCorrection } from "../../../domain/views.ts";
import { drizzleModule, sql } from "../../orm.ts";
import { uuid7 } from "../../uuid7.ts";
import { bool, createdAt, hotWorkspaceId, id, json, now, time, uuid } from "./columns.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, integer, real, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const sources = sqliteTable(
  "sources",
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    config: json<Record<string, unknown>>("config").notNull().default({}),
    credentials: text("credentials"),
    cursor: json<{ value: string } | null>("cursor"),
    enabled: bool("enabled").notNull().default(true),
    leaseHolder: text("lease_holder"),
    leaseUntil: time("lease_until"),
    pausedUntil: time("paused_until"),
    failures: integer("failures").notNull().default(0),
    lastSuccessAt: time("last_success_at"),
    lastError: text("last_error"),
    lastErrorAt: time("last_error_at"),
    newestAt: time("newest_at"),
    finishedAt: time("finished_at"),
    postsTotal: integer("posts_total").notNull().default(0),
    rejectsTotal: integer("rejects_total").notNull().default(0),
    minuteStart: time("minute_start"),
    minuteCount: integer("minute_count").notNull().default(0),
    previousMinuteCount: integer("previous_minute_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: time("updated_at").notNull().default(now),
  },
  (t) => [index("sources_workspace_idx").on(t.workspaceId)],
);

export const campaigns = sqliteTable("campaigns", {
  id: id(),
  workspaceId: workspaceId(),
  name: text("name").notNull(),
  query: text("query").notNull(),
  languages: json<string[]>("languages").notNull().default([]),
  excludeAuthors: json<string[]>("exclude_authors").notNull().default([]),
  vipAuthors: json<string[]>("vip_authors").notNull().default([]),
  enabled: bool("enabled").notNull().default(true),
  relevance: json<RelevanceFilterJson>("relevance"),
  createdAt: createdAt(),
  updatedAt: time("updated_at").notNull().default(now),
});

export const authors = sqliteTable(
  "authors",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    platform: text("platform").notNull(),
    platformId: text("platform_id").notNull(),
    handle: text("handle").notNull(),
    name: text("name"),
    followers: integer("followers"),
    verified: bool("verified").notNull().default(false),
    isBrand: bool("is_brand").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("authors_platform_key").on(t.workspaceId, t.platform, t.platformId)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: id(),
    workspaceId: hotWorkspaceId(),
    platform: text("platform").notNull(),
    rootPlatformId: text("root_platform_id").notNull(),
    /** The source that brought the thread's first post: replies go out through it. Null for imports. */
    sourceId: uuid("source_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("conversations_root_key").on(t.workspaceId, t.platform, t.rootPlatformId)],
);

export const posts = sqliteTable(
  "posts",
  {
    /**
     * Here the id is a unique key and the arrival order `seq` is the row id: SQLite gives it for
     * free, rows sit in arrival order, and the id's index is the one a text primary key would need.
     */
    id: uuid("id")
      .notNull()
      .$defaultFn(() => uuid7()),
    workspaceId: hotWorkspaceId(),
    // AUTOINCREMENT: a deleted newest post never gives its number to the next one, so cursors only move on.
    seq: integer("seq").primaryKey({ autoIncrement: true }),
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
    campaignIds: json<string[]>("campaign_ids").notNull().default([]),
    demo: bool("demo").notNull().default(false),
    modelVersion: text("model_version").notNull(),
    direction: text("direction").notNull(),
    intent: text("intent").notNull(),
    sentiment: text("sentiment").notNull(),
    sentimentScore: real("sentiment_score").notNull(),
    topic: text("topic"),
    urgency: text("urgency").notNull(),
    priority: real("priority").notNull(),
    needsBrand: bool("needs_brand").notNull(),
    analysis: json<Analysis>("analysis").notNull(),
    correction: json<PostCorrection>("correction"),
    /** The labels the insight rollups counted this post under; null until they have counted it. */
    rolledUp: text("rolled_up"),
    raw: json<unknown>("raw"),
    postedAt: time("posted_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("posts_id_key").on(t.id),
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
