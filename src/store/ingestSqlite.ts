/**
 * The embedded store's write path for a batch: prepared statements run one row at a time in one
 * synchronous transaction. On SQLite a statement is a function call, not a round trip, so
 * row-at-a-time with indexed lookups is the fast way, and nothing else can interleave with the
 * batch. Rows that already exist are read, not rewritten.
 */

import type { EarlierText } from "../domain/nearDuplicate.ts";
import { DEFAULT_REOPEN_WINDOW_MS, reopensItem, type WorkItemState } from "../domain/workItem.ts";
import type { SqliteWriter } from "./executor.ts";
import {
  type AuthorRow,
  authorChanged,
  batchAuthors,
  batchConversations,
  batchFingerprints,
  brandResponses,
  fingerprintLookups,
  firstCopies,
  type IngestItem,
  type IngestResult,
  key,
  mergeWorkItems,
  originalsOf,
  parentKeys,
  type StoredPost,
  storedAnalysis,
  threadRoots,
  withoutKnown,
  workItemsToOpen,
} from "./ingestPlan.ts";
import { uuid7 } from "./uuid7.ts";

const SQL = {
  postByKey: "select 1 from posts where workspace_id = ? and platform = ? and platform_id = ?",
  postByUrl: "select 1 from posts where workspace_id = ? and url = ? limit 1",
  author: `select id, handle, name, followers, verified, is_brand from authors
           where workspace_id = ? and platform = ? and platform_id = ?`,
  insertAuthor: `insert into authors (id, workspace_id, platform, platform_id, handle, name, followers, verified, is_brand)
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateAuthor: `update authors set handle = ?, name = coalesce(?, name), followers = coalesce(?, followers),
                   verified = verified or ?, is_brand = is_brand or ? where id = ?`,
  parentRoot: `select c.root_platform_id as root from posts p join conversations c on c.id = p.conversation_id
               where p.workspace_id = ? and p.platform = ? and p.platform_id = ?`,
  conversation:
    "select id from conversations where workspace_id = ? and platform = ? and root_platform_id = ?",
  insertConversation:
    "insert into conversations (id, workspace_id, platform, root_platform_id, source_id) values (?, ?, ?, ?, ?)",
  // A thread first seen without a source (imported) is answered through the first source that brings a post to it.
  adoptConversation: "update conversations set source_id = ? where id = ? and source_id is null",
  insertPost: `insert into posts (id, workspace_id, platform, platform_id, url, text, language, channel, author_id,
                 conversation_id, reply_to_platform_id, campaign_ids, demo, raw, posted_at, model_version, direction,
                 intent, sentiment, sentiment_score, topic, urgency, priority, needs_brand, analysis, fingerprint,
                 original_platform_id, original_relation)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  earliestText: `select platform_id, author_id, posted_at from posts
                 where workspace_id = ? and platform = ? and fingerprint = ? and posted_at between ? and ?
                 order by posted_at limit 1`,
  openItem: "select id, priority from work_items where conversation_id = ? and state in ('new', 'reserved')",
  joinItem: `update work_items set latest_post_id = ?, priority = max(priority, ?),
               updated_at = cast(unixepoch('subsec') * 1000 as integer), version = version + 1 where id = ?`,
  insertItem: `insert into work_items (id, workspace_id, conversation_id, post_id, latest_post_id, priority,
                 previous_item_id) values (?, ?, ?, ?, ?, ?, ?)`,
  latestClosed: `select id, state, closed_at from work_items where conversation_id = ?
                   and state in ('handled', 'discarded') order by closed_at desc limit 1`,
  reopenWindow: "select reopen_window_ms from routing_settings where workspace_id = ?",
  reopenItem: `update work_items set state = 'new', assignee_id = null, closed_at = null, discard_reason = null,
                 offered_to = null, offer_expires_at = null, declined_by = '[]', latest_post_id = ?,
                 priority = max(priority, ?), updated_at = cast(unixepoch('subsec') * 1000 as integer),
                 version = version + 1 where id = ?`,
  firstResponse: `update work_items set first_response_at = min(coalesce(first_response_at, ?), ?)
                  where conversation_id = ? and state in ('new', 'reserved')`,
};

/**
 * Posts written per synchronous step. The batch stays one transaction; between steps the event
 * loop serves requests (reads go to the reading connection), so a large batch never holds it for
 * long.
 */
const STEP = 200;

export function ingestSqlite(
  connection: SqliteWriter,
  workspaceId: string,
  items: IngestItem[],
  sourceId: string | null = null,
): Promise<IngestResult> {
  return connection.transaction(async () => {
    if (items.length <= STEP) return ingestNow(connection, workspaceId, items, sourceId);
    const result: IngestResult = { stored: [], duplicates: 0, workItems: [] };
    const steps: IngestResult["workItems"][] = [];
    for (let i = 0; i < items.length; i += STEP) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const step = ingestNow(connection, workspaceId, items.slice(i, i + STEP), sourceId);
      result.stored.push(...step.stored);
      result.duplicates += step.duplicates;
      steps.push(step.workItems);
    }
    // An item opened in one step and joined in a later one is reported once, as opened.
    result.workItems = mergeWorkItems(steps);
    return result;
  });
}

function ingestNow(
  c: SqliteWriter,
  workspaceId: string,
  items: IngestItem[],
  sourceId: string | null,
): IngestResult {
  const fresh = firstCopies(items);
  const knownKeys = new Set<string>();
  const knownUrls = new Set<string>();
  const findKey = c.statement(SQL.postByKey);
  const findUrl = c.statement(SQL.postByUrl);
  for (const [k, { post }] of fresh) {
    if (findKey.get(workspaceId, post.platform, post.platformId)) knownKeys.add(k);
    else if (post.url && findUrl.get(workspaceId, post.url)) knownUrls.add(post.url);
  }
  const batch = withoutKnown(fresh.values(), knownKeys, knownUrls);
  const duplicates = items.length - batch.length;
  if (batch.length === 0) return { stored: [], duplicates, workItems: [] };

  const authorIds = ensureAuthors(c, workspaceId, batch);
  const storedRoots = new Map<string, string>();
  const parentRoot = c.statement(SQL.parentRoot);
  for (const p of parentKeys(batch)) {
    const row = parentRoot.get(workspaceId, p.platform, p.platform_id) as { root: string } | undefined;
    if (row) storedRoots.set(key(p.platform, p.platform_id), row.root);
  }
  const roots = threadRoots(batch, storedRoots);
  const conversationIds = ensureConversations(c, workspaceId, batchConversations(batch, roots), sourceId);
  const fingerprints = batchFingerprints(batch);
  const earliest = new Map<string, EarlierText>();
  const findText = c.statement(SQL.earliestText);
  for (const l of fingerprintLookups(batch, fingerprints)) {
    const row = findText.get(workspaceId, l.platform, l.fingerprint, l.from.getTime(), l.to.getTime()) as
      | { platform_id: string; author_id: string; posted_at: number }
      | undefined;
    if (row)
      earliest.set(key(l.platform, l.fingerprint), {
        platformId: row.platform_id,
        authorId: row.author_id,
        postedAt: new Date(row.posted_at),
      });
  }
  const originals = originalsOf(batch, fingerprints, earliest, authorIds);

  const insertPost = c.statement(SQL.insertPost);
  const stored: StoredPost[] = [];
  for (const item of batch) {
    const { post } = item;
    const analysis = storedAnalysis(item);
    const id = uuid7();
    const conversationId = conversationIds.get(
      key(post.platform, roots.get(key(post.platform, post.platformId))!),
    )!;
    insertPost.run(
      id,
      workspaceId,
      post.platform,
      post.platformId,
      post.url ?? null,
      post.text,
      analysis.language,
      post.channel,
      authorIds.get(key(post.author.platform, post.author.platformId))!,
      conversationId,
      post.replyToPlatformId ?? null,
      JSON.stringify(item.campaignIds),
      post.demo ? 1 : 0,
      post.raw === undefined || post.raw === null ? null : JSON.stringify(post.raw),
      post.createdAt.getTime(),
      analysis.modelVersion,
      analysis.direction.label,
      analysis.intent.label,
      analysis.sentiment.label,
      analysis.sentiment.score,
      analysis.topic?.label ?? null,
      analysis.urgency.level,
      analysis.priority,
      analysis.needsBrand ? 1 : 0,
      JSON.stringify(analysis),
      fingerprints.get(key(post.platform, post.platformId)) ?? null,
      originals.get(key(post.platform, post.platformId))?.platformId ?? null,
      originals.get(key(post.platform, post.platformId))?.relation ?? null,
    );
    stored.push({ id, platform: post.platform, platformId: post.platformId, conversationId });
  }
  const byPostKey = new Map(batch.map((i) => [key(i.post.platform, i.post.platformId), i]));
  const workItems = openWorkItemsSqlite(c, workspaceId, workItemsToOpen(stored, byPostKey, originals));
  const firstResponse = c.statement(SQL.firstResponse);
  for (const { conversationId, at } of brandResponses(stored, byPostKey)) {
    firstResponse.run(at.getTime(), at.getTime(), conversationId);
  }
  return { stored, duplicates, workItems };
}

function ensureAuthors(c: SqliteWriter, workspaceId: string, batch: IngestItem[]): Map<string, string> {
  const ids = new Map<string, string>();
  const find = c.statement(SQL.author);
  const insert = c.statement(SQL.insertAuthor);
  const update = c.statement(SQL.updateAuthor);
  for (const w of batchAuthors(batch)) {
    const row = find.get(workspaceId, w.platform, w.platform_id) as
      | (Omit<AuthorRow, "verified" | "is_brand"> & { id: string; verified: number; is_brand: number })
      | undefined;
    if (!row) {
      const id = uuid7();
      insert.run(
        id,
        workspaceId,
        w.platform,
        w.platform_id,
        w.handle,
        w.name,
        w.followers,
        +w.verified,
        +w.is_brand,
      );
      ids.set(key(w.platform, w.platform_id), id);
      continue;
    }
    ids.set(key(w.platform, w.platform_id), row.id);
    const old = { ...w, ...row, verified: row.verified === 1, is_brand: row.is_brand === 1 };
    if (authorChanged(old, w)) update.run(w.handle, w.name, w.followers, +w.verified, +w.is_brand, row.id);
  }
  return ids;
}

function ensureConversations(
  c: SqliteWriter,
  workspaceId: string,
  wanted: { platform: string; root: string }[],
  sourceId: string | null,
): Map<string, string> {
  const ids = new Map<string, string>();
  const find = c.statement(SQL.conversation);
  const insert = c.statement(SQL.insertConversation);
  const adopt = c.statement(SQL.adoptConversation);
  for (const w of wanted) {
    const row = find.get(workspaceId, w.platform, w.root) as { id: string } | undefined;
    const id = row?.id ?? uuid7();
    if (!row) insert.run(id, workspaceId, w.platform, w.root, sourceId);
    else if (sourceId) adopt.run(sourceId, id);
    ids.set(key(w.platform, w.root), id);
  }
  return ids;
}

/**
 * Per conversation: joins its open work item, else reopens its resolved one within the reopen
 * window, else opens a new one that follows its latest closed item.
 */
export function openWorkItemsSqlite(
  c: SqliteWriter,
  workspaceId: string,
  perConversation: ReturnType<typeof workItemsToOpen>,
): IngestResult["workItems"] {
  const find = c.statement(SQL.openItem);
  const join = c.statement(SQL.joinItem);
  const insert = c.statement(SQL.insertItem);
  const latestClosed = c.statement(SQL.latestClosed);
  const result: IngestResult["workItems"] = [];
  let windowMs: number | undefined;
  for (const [conversationId, w] of perConversation) {
    const open = find.get(conversationId) as { id: string } | undefined;
    if (open) {
      join.run(w.postId, w.priority, open.id);
      result.push({ id: open.id, created: false });
      continue;
    }
    const last = latestClosed.get(conversationId) as
      | { id: string; state: WorkItemState; closed_at: number | null }
      | undefined;
    if (last) {
      windowMs ??= Number(
        (c.statement(SQL.reopenWindow).get(workspaceId) as { reopen_window_ms: number } | undefined)
          ?.reopen_window_ms ?? DEFAULT_REOPEN_WINDOW_MS,
      );
      if (reopensItem({ state: last.state, closedAt: last.closed_at }, w.at, windowMs)) {
        c.statement(SQL.reopenItem).run(w.postId, w.priority, last.id);
        result.push({ id: last.id, created: false, reopenedBy: w.postId });
        continue;
      }
    }
    const id = uuid7();
    insert.run(id, workspaceId, conversationId, w.postId, w.postId, w.priority, last?.id ?? null);
    result.push({ id, created: true });
  }
  return result;
}
