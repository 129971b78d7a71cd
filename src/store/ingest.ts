/**
 * Stores a batch of analysed posts in one transaction: authors, conversations, posts with their
 * analysis, and work items together, so a crash leaves either all of a batch or none of it. The
 * unique key (workspace, platform, platform id) makes re-delivery harmless: a post already stored
 * is counted as a duplicate and changes nothing.
 *
 * The write path is tuned for the embedded store, where every row costs: rows that already exist
 * are read, not rewritten, each table gets one multi-row statement per batch, and ids are made
 * here (the database's random UUIDs are slow in WebAssembly).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Analysis } from "../domain/analysis.ts";
import type { AuthorRef, NormalizedPost } from "../domain/post.ts";
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

async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function ingestBatch(
  db: Executor,
  workspaceId: string,
  items: IngestItem[],
): Promise<IngestResult> {
  const batch = await freshItems(db, workspaceId, items);
  let duplicates = items.length - batch.length;
  if (batch.length === 0) return { stored: [], duplicates, workItems: [] };

  const authorIds = await ensureAuthors(db, workspaceId, batch);
  const roots = await threadRoots(db, workspaceId, batch);
  const conversationIds = await ensureConversations(db, workspaceId, batch, roots);

  const inserted = await rows<{ id: string; platform: string; platform_id: string; conversation_id: string }>(
    db,
    sql`insert into posts (id, workspace_id, platform, platform_id, url, text, language, channel, author_id,
          conversation_id, reply_to_platform_id, campaign_ids, demo, raw, posted_at, model_version, direction,
          intent, sentiment, sentiment_score, topic, urgency, priority, needs_brand, analysis)
        select b.id, ${workspaceId}, b.platform, b.platform_id, b.url, b.text, b.a->>'language', b.channel, b.author_id,
          b.conversation_id, b.reply_to, b.campaign_ids, b.demo, b.raw, b.posted_at, b.a->>'modelVersion',
          b.a->'direction'->>'label', b.a->'intent'->>'label', b.a->'sentiment'->>'label',
          (b.a->'sentiment'->>'score')::real, b.a->'topic'->>'label', b.a->'urgency'->>'level',
          (b.a->>'priority')::float8, (b.a->>'needsBrand')::boolean, b.a
        from json_to_recordset(${json(
          batch.map(({ post, analysis, campaignIds }) => ({
            id: randomUUID(),
            platform: post.platform,
            platform_id: post.platformId,
            url: post.url ?? null,
            text: post.text,
            channel: post.channel,
            author_id: authorIds.get(key(post.author.platform, post.author.platformId)),
            conversation_id: conversationIds.get(
              key(post.platform, roots.get(key(post.platform, post.platformId))!),
            ),
            reply_to: post.replyToPlatformId ?? null,
            campaign_ids: campaignIds,
            demo: post.demo ?? false,
            raw: post.raw ?? null,
            posted_at: post.createdAt.toISOString(),
            a:
              analysis.language === "und" && post.language
                ? { ...analysis, language: post.language }
                : analysis,
          })),
        )}) as b(id uuid, platform text, platform_id text, url text, text text, channel text, author_id uuid,
          conversation_id uuid, reply_to text, campaign_ids jsonb, demo boolean, raw jsonb, posted_at timestamptz,
          a jsonb)
        on conflict (workspace_id, platform, platform_id) do nothing
        returning id, platform, platform_id, conversation_id`,
  );
  // A concurrent writer may have stored some of them first: those are duplicates too.
  duplicates += batch.length - inserted.length;
  const byKey = new Map(batch.map((i) => [key(i.post.platform, i.post.platformId), i]));
  const stored = inserted.map((r) => ({
    id: r.id,
    platform: r.platform,
    platformId: r.platform_id,
    conversationId: r.conversation_id,
  }));
  if (stored.length === 0) return { stored, duplicates, workItems: [] };
  const workItems = await openWorkItems(db, workspaceId, stored, byKey);
  await markBrandResponses(db, stored, byKey);
  return { stored, duplicates, workItems };
}

/** The items not stored yet: first copy within the batch, and neither id nor URL already known. */
async function freshItems(db: Executor, workspaceId: string, items: IngestItem[]): Promise<IngestItem[]> {
  const fresh = new Map<string, IngestItem>();
  for (const item of items) {
    const k = key(item.post.platform, item.post.platformId);
    if (!fresh.has(k)) fresh.set(k, item);
  }
  if (fresh.size === 0) return [];
  const candidates = [...fresh.values()];
  const urls = candidates.flatMap((i) => (i.post.url ? [i.post.url] : []));
  const known = await rows<{ platform: string; platform_id: string; url: string | null }>(
    db,
    sql`select p.platform, p.platform_id, null as url from posts p
        join json_to_recordset(${json(candidates.map((i) => ({ platform: i.post.platform, platform_id: i.post.platformId })))})
          as b(platform text, platform_id text)
          on p.platform = b.platform and p.platform_id = b.platform_id
        where p.workspace_id = ${workspaceId}
        union all
        select null, null, p.url from posts p
        where p.workspace_id = ${workspaceId} and p.url is not null
          and p.url in (select value from json_array_elements_text(${json(urls)}))`,
  );
  const seenUrls = new Set<string>();
  for (const k of known) {
    if (k.url) seenUrls.add(k.url);
    else fresh.delete(key(k.platform, k.platform_id));
  }
  // The same URL under another id (a cross-posted copy) is a duplicate too.
  const result: IngestItem[] = [];
  for (const item of fresh.values()) {
    const url = item.post.url;
    if (url && seenUrls.has(url)) continue;
    if (url) seenUrls.add(url);
    result.push(item);
  }
  return result;
}

/** Author ids by (platform, id): existing authors are read, new ones inserted, changed ones updated. */
async function ensureAuthors(
  db: Executor,
  workspaceId: string,
  batch: IngestItem[],
): Promise<Map<string, string>> {
  const latest = new Map<string, AuthorRef>();
  for (const { post } of batch) latest.set(key(post.author.platform, post.author.platformId), post.author);
  const wanted = [...latest.values()].map((a) => ({
    platform: a.platform,
    platform_id: a.platformId,
    handle: a.handle,
    name: a.name ?? null,
    followers: a.followers ?? null,
    verified: a.verified ?? false,
    is_brand: a.isBrand ?? false,
  }));
  const existing = await rows<{
    id: string;
    platform: string;
    platform_id: string;
    handle: string;
    name: string | null;
    followers: number | null;
    verified: boolean;
    is_brand: boolean;
  }>(
    db,
    sql`select a.id, a.platform, a.platform_id, a.handle, a.name, a.followers, a.verified, a.is_brand from authors a
        join json_to_recordset(${json(wanted.map(({ platform, platform_id }) => ({ platform, platform_id })))})
          as b(platform text, platform_id text)
          on a.platform = b.platform and a.platform_id = b.platform_id
        where a.workspace_id = ${workspaceId}`,
  );
  const ids = new Map(existing.map((r) => [key(r.platform, r.platform_id), r.id]));
  const before = new Map(existing.map((r) => [key(r.platform, r.platform_id), r]));
  const missing = wanted.filter((w) => !ids.has(key(w.platform, w.platform_id)));
  const changed = wanted.filter((w) => {
    const old = before.get(key(w.platform, w.platform_id));
    return (
      old &&
      (old.handle !== w.handle ||
        (w.name !== null && old.name !== w.name) ||
        (w.followers !== null && old.followers !== w.followers) ||
        (w.verified && !old.verified) ||
        (w.is_brand && !old.is_brand))
    );
  });
  if (missing.length > 0) {
    const added = await rows<{ id: string; platform: string; platform_id: string }>(
      db,
      sql`insert into authors (workspace_id, platform, platform_id, handle, name, followers, verified, is_brand)
          select ${workspaceId}, b.platform, b.platform_id, b.handle, b.name, b.followers, b.verified, b.is_brand
          from json_to_recordset(${json(missing)}) as b(platform text, platform_id text, handle text, name text,
            followers int, verified boolean, is_brand boolean)
          on conflict (workspace_id, platform, platform_id) do update set handle = excluded.handle
          returning id, platform, platform_id`,
    );
    for (const r of added) ids.set(key(r.platform, r.platform_id), r.id);
  }
  if (changed.length > 0) {
    await db.execute(
      sql`update authors a set handle = b.handle, name = coalesce(b.name, a.name),
            followers = coalesce(b.followers, a.followers), verified = a.verified or b.verified,
            is_brand = a.is_brand or b.is_brand
          from json_to_recordset(${json(changed)}) as b(platform text, platform_id text, handle text, name text,
            followers int, verified boolean, is_brand boolean)
          where a.workspace_id = ${workspaceId} and a.platform = b.platform and a.platform_id = b.platform_id`,
    );
  }
  return ids;
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

/** Conversation ids by (platform, root id): existing ones are read, new ones inserted. */
async function ensureConversations(
  db: Executor,
  workspaceId: string,
  batch: IngestItem[],
  roots: Map<string, string>,
): Promise<Map<string, string>> {
  const wanted = new Map<string, { platform: string; root: string }>();
  for (const { post } of batch) {
    const root = roots.get(key(post.platform, post.platformId))!;
    wanted.set(key(post.platform, root), { platform: post.platform, root });
  }
  const list = [...wanted.values()];
  const existing = await rows<{ id: string; platform: string; root_platform_id: string }>(
    db,
    sql`select c.id, c.platform, c.root_platform_id from conversations c
        join json_to_recordset(${json(list)}) as b(platform text, root text)
          on c.platform = b.platform and c.root_platform_id = b.root
        where c.workspace_id = ${workspaceId}`,
  );
  const ids = new Map(existing.map((r) => [key(r.platform, r.root_platform_id), r.id]));
  const missing = list.filter((w) => !ids.has(key(w.platform, w.root)));
  if (missing.length > 0) {
    const added = await rows<{ id: string; platform: string; root_platform_id: string }>(
      db,
      sql`insert into conversations (id, workspace_id, platform, root_platform_id)
          select b.id, ${workspaceId}, b.platform, b.root
          from json_to_recordset(${json(missing.map((m) => ({ id: randomUUID(), ...m })))}) as b(id uuid, platform text, root text)
          on conflict (workspace_id, platform, root_platform_id) do update set root_platform_id = excluded.root_platform_id
          returning id, platform, root_platform_id`,
    );
    for (const r of added) ids.set(key(r.platform, r.root_platform_id), r.id);
  }
  return ids;
}

/** Posts that need the brand open a work item, or join the conversation's open one. */
async function openWorkItems(
  db: Executor,
  workspaceId: string,
  stored: IngestResult["stored"],
  byKey: Map<string, IngestItem>,
): Promise<IngestResult["workItems"]> {
  const perConversation = new Map<string, { post_id: string; priority: number }>();
  for (const s of stored) {
    const item = byKey.get(key(s.platform, s.platformId))!;
    if (!item.analysis.needsBrand || item.post.author.isBrand) continue;
    const prev = perConversation.get(s.conversationId);
    perConversation.set(s.conversationId, {
      post_id: s.id,
      priority: Math.max(prev?.priority ?? 0, item.analysis.priority),
    });
  }
  if (perConversation.size === 0) return [];
  const result = await rows<{ id: string; created: boolean }>(
    db,
    sql`insert into work_items (workspace_id, conversation_id, post_id, latest_post_id, priority)
        select ${workspaceId}, b.conversation_id, b.post_id, b.post_id, b.priority
        from json_to_recordset(${json(
          [...perConversation].map(([conversation_id, w]) => ({ conversation_id, ...w })),
        )}) as b(conversation_id uuid, post_id uuid, priority float8)
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
