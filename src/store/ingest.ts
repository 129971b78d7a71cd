/**
 * Stores a batch of analysed posts in one transaction: authors, conversations, posts, analyses and
 * work items together, so a crash leaves either all of a batch or none of it. The unique key
 * (workspace, platform, platform id) makes re-delivery harmless: a post already stored is counted
 * as a duplicate and changes nothing.
 */
import { sql } from "drizzle-orm";
import type { Analysis } from "../domain/analysis.ts";
import type { NormalizedPost } from "../domain/post.ts";
import type { Executor } from "./db.ts";

export interface IngestItem {
  post: NormalizedPost;
  analysis: Analysis;
  campaignIds: string[];
}

export interface IngestResult {
  /** Posts stored by this call, in batch order. */
  stored: { id: string; platform: string; platformId: string; conversationId: string }[];
  duplicates: number;
  /** Work items this batch opened or added a post to. */
  workItems: { id: string; created: boolean }[];
}

const key = (platform: string, platformId: string) => `${platform}\u0000${platformId}`;
const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;

type RowsOf<T> = { rows: T[] };
async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as RowsOf<T>).rows;
}

export async function ingestBatch(
  db: Executor,
  workspaceId: string,
  items: IngestItem[],
): Promise<IngestResult> {
  // Within a batch the first delivery of a post wins; later copies are duplicates.
  const fresh = new Map<string, IngestItem>();
  for (const item of items) {
    const k = key(item.post.platform, item.post.platformId);
    if (!fresh.has(k)) fresh.set(k, item);
  }
  let duplicates = items.length - fresh.size;
  if (fresh.size === 0) return { stored: [], duplicates, workItems: [] };

  const existing = await rows<{ platform: string; platform_id: string }>(
    db,
    sql`select p.platform, p.platform_id from posts p
        join json_to_recordset(${json([...fresh.values()].map((i) => ({ platform: i.post.platform, platform_id: i.post.platformId })))})
          as b(platform text, platform_id text)
          on p.platform = b.platform and p.platform_id = b.platform_id
        where p.workspace_id = ${workspaceId}`,
  );
  for (const e of existing) fresh.delete(key(e.platform, e.platform_id));
  // The same URL delivered under another id (a cross-posted copy) is a duplicate too.
  const urls = new Set(
    (
      await rows<{ url: string }>(
        db,
        sql`select url from posts where workspace_id = ${workspaceId} and url in (select value from json_array_elements_text(${json([...fresh.values()].flatMap((i) => (i.post.url ? [i.post.url] : [])))}))`,
      )
    ).map((r) => r.url),
  );
  for (const [k, item] of fresh) {
    if (item.post.url && urls.has(item.post.url)) fresh.delete(k);
    else if (item.post.url) urls.add(item.post.url);
  }
  duplicates = items.length - fresh.size;
  const batch = [...fresh.values()];
  if (batch.length === 0) return { stored: [], duplicates, workItems: [] };

  const authorIds = await upsertAuthors(db, workspaceId, batch);
  const roots = await threadRoots(db, workspaceId, batch);
  const conversationIds = await upsertConversations(db, workspaceId, batch, roots);

  const inserted = await rows<{ id: string; platform: string; platform_id: string; conversation_id: string }>(
    db,
    sql`insert into posts (workspace_id, platform, platform_id, url, text, language, channel, author_id,
          conversation_id, reply_to_platform_id, campaign_ids, demo, raw, posted_at)
        select ${workspaceId}, b.platform, b.platform_id, b.url, b.text, b.language, b.channel, b.author_id,
          b.conversation_id, b.reply_to, b.campaign_ids, b.demo, b.raw, b.posted_at
        from json_to_recordset(${json(
          batch.map((i) => {
            const k = key(i.post.platform, i.post.platformId);
            return {
              platform: i.post.platform,
              platform_id: i.post.platformId,
              url: i.post.url ?? null,
              text: i.post.text,
              language: i.analysis.language === "und" ? (i.post.language ?? null) : i.analysis.language,
              channel: i.post.channel,
              author_id: authorIds.get(key(i.post.author.platform, i.post.author.platformId)),
              conversation_id: conversationIds.get(key(i.post.platform, roots.get(k)!)),
              reply_to: i.post.replyToPlatformId ?? null,
              campaign_ids: i.campaignIds,
              demo: i.post.demo ?? false,
              raw: i.post.raw ?? null,
              posted_at: i.post.createdAt.toISOString(),
            };
          }),
        )}) as b(platform text, platform_id text, url text, text text, language text, channel text,
          author_id uuid, conversation_id uuid, reply_to text, campaign_ids jsonb, demo boolean, raw jsonb,
          posted_at timestamptz)
        on conflict (workspace_id, platform, platform_id) do nothing
        returning id, platform, platform_id, conversation_id`,
  );
  duplicates += batch.length - inserted.length;
  const byKey = new Map(batch.map((i) => [key(i.post.platform, i.post.platformId), i]));
  const stored = inserted.map((r) => ({
    id: r.id,
    platform: r.platform,
    platformId: r.platform_id,
    conversationId: r.conversation_id,
  }));
  if (stored.length === 0) return { stored, duplicates, workItems: [] };

  await db.execute(
    sql`insert into analyses (post_id, workspace_id, model_version, language, direction, intent, intent_confidence,
          sentiment, sentiment_score, topic, urgency, priority, needs_brand, labels)
        select b.post_id, ${workspaceId}, b.labels->>'modelVersion', b.labels->>'language',
          b.labels->'direction'->>'label', b.labels->'intent'->>'label',
          (b.labels->'intent'->>'confidence')::real, b.labels->'sentiment'->>'label',
          (b.labels->'sentiment'->>'score')::real, b.labels->'topic'->>'label', b.labels->'urgency'->>'level',
          (b.labels->>'priority')::float8, (b.labels->>'needsBrand')::boolean, b.labels
        from json_to_recordset(${json(
          stored.map((s) => ({ post_id: s.id, labels: byKey.get(key(s.platform, s.platformId))!.analysis })),
        )}) as b(post_id uuid, labels jsonb)`,
  );

  const workItems = await openWorkItems(db, workspaceId, stored, byKey);
  await markBrandResponses(db, stored, byKey);
  return { stored, duplicates, workItems };
}

async function upsertAuthors(
  db: Executor,
  workspaceId: string,
  batch: IngestItem[],
): Promise<Map<string, string>> {
  const unique = new Map<string, NormalizedPost["author"]>();
  for (const { post } of batch) unique.set(key(post.author.platform, post.author.platformId), post.author);
  const result = await rows<{ id: string; platform: string; platform_id: string }>(
    db,
    sql`insert into authors (workspace_id, platform, platform_id, handle, name, followers, verified, is_brand)
        select ${workspaceId}, b.platform, b.platform_id, b.handle, b.name, b.followers, coalesce(b.verified, false),
          coalesce(b.is_brand, false)
        from json_to_recordset(${json(
          [...unique.values()].map((a) => ({
            platform: a.platform,
            platform_id: a.platformId,
            handle: a.handle,
            name: a.name ?? null,
            followers: a.followers ?? null,
            verified: a.verified ?? null,
            is_brand: a.isBrand ?? null,
          })),
        )}) as b(platform text, platform_id text, handle text, name text, followers int, verified boolean, is_brand boolean)
        on conflict (workspace_id, platform, platform_id) do update set
          handle = excluded.handle,
          name = coalesce(excluded.name, authors.name),
          followers = coalesce(excluded.followers, authors.followers),
          verified = excluded.verified or authors.verified,
          is_brand = excluded.is_brand or authors.is_brand
        returning id, platform, platform_id`,
  );
  return new Map(result.map((r) => [key(r.platform, r.platform_id), r.id]));
}

/**
 * The thread root of each post: its parent's root when the parent is stored or earlier in the
 * batch, else the parent's id (the parent may arrive later and will root the same thread), else
 * the post itself.
 */
async function threadRoots(
  db: Executor,
  workspaceId: string,
  batch: IngestItem[],
): Promise<Map<string, string>> {
  const parents = batch.flatMap((i) =>
    i.post.replyToPlatformId ? [{ platform: i.post.platform, platform_id: i.post.replyToPlatformId }] : [],
  );
  const known = new Map<string, string>();
  if (parents.length > 0) {
    const found = await rows<{ platform: string; platform_id: string; root: string }>(
      db,
      sql`select p.platform, p.platform_id, c.root_platform_id as root from posts p
          join conversations c on c.id = p.conversation_id
          join json_to_recordset(${json(parents)}) as b(platform text, platform_id text)
            on p.platform = b.platform and p.platform_id = b.platform_id
          where p.workspace_id = ${workspaceId}`,
    );
    for (const f of found) known.set(key(f.platform, f.platform_id), f.root);
  }
  const roots = new Map<string, string>();
  for (const { post } of batch) {
    const parent = post.replyToPlatformId;
    const root = parent
      ? (known.get(key(post.platform, parent)) ?? roots.get(key(post.platform, parent)) ?? parent)
      : post.platformId;
    roots.set(key(post.platform, post.platformId), root);
  }
  return roots;
}

async function upsertConversations(
  db: Executor,
  workspaceId: string,
  batch: IngestItem[],
  roots: Map<string, string>,
): Promise<Map<string, string>> {
  const latest = new Map<string, { platform: string; root: string; at: number }>();
  for (const { post } of batch) {
    const root = roots.get(key(post.platform, post.platformId))!;
    const k = key(post.platform, root);
    const at = post.createdAt.getTime();
    const seen = latest.get(k);
    if (!seen || seen.at < at) latest.set(k, { platform: post.platform, root, at });
  }
  const result = await rows<{ id: string; platform: string; root_platform_id: string }>(
    db,
    sql`insert into conversations (workspace_id, platform, root_platform_id, last_post_at)
        select ${workspaceId}, b.platform, b.root, b.at
        from json_to_recordset(${json(
          [...latest.values()].map((l) => ({
            platform: l.platform,
            root: l.root,
            at: new Date(l.at).toISOString(),
          })),
        )}) as b(platform text, root text, at timestamptz)
        on conflict (workspace_id, platform, root_platform_id) do update set
          last_post_at = greatest(conversations.last_post_at, excluded.last_post_at)
        returning id, platform, root_platform_id`,
  );
  return new Map(result.map((r) => [key(r.platform, r.root_platform_id), r.id]));
}

/** Posts that need the brand open a work item, or join the conversation's open one. */
async function openWorkItems(
  db: Executor,
  workspaceId: string,
  stored: IngestResult["stored"],
  byKey: Map<string, IngestItem>,
): Promise<IngestResult["workItems"]> {
  const perConversation = new Map<string, { post_id: string; priority: number; queue: string | null }>();
  for (const s of stored) {
    const item = byKey.get(key(s.platform, s.platformId))!;
    if (!item.analysis.needsBrand || item.post.author.isBrand) continue;
    const prev = perConversation.get(s.conversationId);
    perConversation.set(s.conversationId, {
      post_id: s.id,
      priority: Math.max(prev?.priority ?? 0, item.analysis.priority),
      queue: null,
    });
  }
  if (perConversation.size === 0) return [];
  const result = await rows<{ id: string; created: boolean }>(
    db,
    sql`insert into work_items (workspace_id, conversation_id, post_id, latest_post_id, priority, queue)
        select ${workspaceId}, b.conversation_id, b.post_id, b.post_id, b.priority, b.queue
        from json_to_recordset(${json(
          [...perConversation].map(([conversation_id, w]) => ({ conversation_id, ...w })),
        )}) as b(conversation_id uuid, post_id uuid, priority float8, queue text)
        on conflict (conversation_id) where state in ('new', 'reserved') do update set
          latest_post_id = excluded.latest_post_id,
          priority = greatest(work_items.priority, excluded.priority),
          updated_at = now(),
          version = work_items.version + 1
        returning id, (xmax = 0) as created`,
  );
  return result.map((r) => ({ id: r.id, created: r.created }));
}

/** A brand post in a conversation counts as the first response to its open work item. */
async function markBrandResponses(
  db: Executor,
  stored: IngestResult["stored"],
  byKey: Map<string, IngestItem>,
) {
  const answered = stored.flatMap((s) => {
    const item = byKey.get(key(s.platform, s.platformId))!;
    return item.post.author.isBrand
      ? [{ conversation_id: s.conversationId, at: item.post.createdAt.toISOString() }]
      : [];
  });
  if (answered.length === 0) return;
  await db.execute(
    sql`update work_items w set first_response_at = least(coalesce(w.first_response_at, b.at), b.at)
        from json_to_recordset(${json(answered)}) as b(conversation_id uuid, at timestamptz)
        where w.conversation_id = b.conversation_id and w.state in ('new', 'reserved')`,
  );
}
