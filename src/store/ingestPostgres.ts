/**
 * The PostgreSQL write path for a batch: one multi-row statement per table, fed as a JSON
 * recordset, so a batch costs a handful of round trips whatever its size. Rows that already exist
 * are read, not rewritten.
 */

import type { EarlierText } from "../domain/nearDuplicate.ts";
import { DEFAULT_REOPEN_WINDOW_MS, reopensItem, type WorkItemState } from "../domain/workItem.ts";
import type { Executor } from "./executor.ts";
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
  originalsOf,
  parentKeys,
  storedAnalysis,
  threadRoots,
  withoutKnown,
  workItemsToOpen,
} from "./ingestPlan.ts";
import { sql } from "./orm.ts";
import { arrayLiteral, millis } from "./sqlLists.ts";
import { uuid7 } from "./uuid7.ts";

const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;

export async function ingestPostgres(
  x: Executor,
  workspaceId: string,
  items: IngestItem[],
  sourceId: string | null = null,
): Promise<IngestResult> {
  const batch = await freshItems(x, workspaceId, items);
  let duplicates = items.length - batch.length;
  if (batch.length === 0) return { stored: [], duplicates, workItems: [] };

  const authorIds = await ensureAuthors(x, workspaceId, batch);
  const roots = await storedThreadRoots(x, workspaceId, batch);
  const conversationIds = await ensureConversations(x, workspaceId, batch, roots, sourceId);
  const fingerprints = batchFingerprints(batch);
  const originals = originalsOf(
    batch,
    fingerprints,
    await earliestTexts(x, workspaceId, fingerprintLookups(batch, fingerprints)),
    authorIds,
  );

  const inserted = await x.rows<{
    id: string;
    platform: string;
    platform_id: string;
    conversation_id: string;
  }>(
    sql`insert into posts (id, workspace_id, platform, platform_id, url, text, language, channel, author_id,
          conversation_id, reply_to_platform_id, campaign_ids, demo, raw, posted_at, model_version, direction,
          intent, sentiment, sentiment_score, topic, urgency, priority, needs_brand, analysis, fingerprint,
          original_platform_id, original_relation)
        select b.id, ${workspaceId}, b.platform, b.platform_id, b.url, b.text, b.a->>'language', b.channel, b.author_id,
          b.conversation_id, b.reply_to, b.campaign_ids, b.demo, b.raw, b.posted_at, b.a->>'modelVersion',
          b.a->'direction'->>'label', b.a->'intent'->>'label', b.a->'sentiment'->>'label',
          (b.a->'sentiment'->>'score')::real, b.a->'topic'->>'label', b.a->'urgency'->>'level',
          (b.a->>'priority')::float8, (b.a->>'needsBrand')::boolean, b.a, b.fingerprint, b.original,
          b.relation
        from json_to_recordset(${json(
          batch.map((item) => ({
            id: uuid7(),
            platform: item.post.platform,
            platform_id: item.post.platformId,
            url: item.post.url ?? null,
            text: item.post.text,
            channel: item.post.channel,
            author_id: authorIds.get(key(item.post.author.platform, item.post.author.platformId)),
            conversation_id: conversationIds.get(
              key(item.post.platform, roots.get(key(item.post.platform, item.post.platformId))!),
            ),
            reply_to: item.post.replyToPlatformId ?? null,
            campaign_ids: item.campaignIds,
            demo: item.post.demo ?? false,
            raw: item.post.raw ?? null,
            posted_at: item.post.createdAt.toISOString(),
            a: storedAnalysis(item),
            fingerprint: fingerprints.get(key(item.post.platform, item.post.platformId)) ?? null,
            original: originals.get(key(item.post.platform, item.post.platformId))?.platformId ?? null,
            relation: originals.get(key(item.post.platform, item.post.platformId))?.relation ?? null,
          })),
        )}) as b(id uuid, platform text, platform_id text, url text, text text, channel text, author_id uuid,
          conversation_id uuid, reply_to text, campaign_ids jsonb, demo boolean, raw jsonb, posted_at timestamptz,
          a jsonb, fingerprint text, original text, relation text)
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
  const workItems = await openWorkItemsPostgres(x, workspaceId, workItemsToOpen(stored, byKey, originals));
  await markBrandResponses(x, brandResponses(stored, byKey));
  return { stored, duplicates, workItems };
}

/** The items not stored yet: first copy within the batch, and neither id nor URL already known. */
async function freshItems(x: Executor, workspaceId: string, items: IngestItem[]): Promise<IngestItem[]> {
  const fresh = firstCopies(items);
  if (fresh.size === 0) return [];
  const candidates = [...fresh.values()];
  const urls = candidates.flatMap((i) => (i.post.url ? [i.post.url] : []));
  const known = await x.rows<{ platform: string; platform_id: string; url: string | null }>(
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
  const knownKeys = new Set<string>();
  const knownUrls = new Set<string>();
  for (const k of known) {
    if (k.url) knownUrls.add(k.url);
    else knownKeys.add(key(k.platform, k.platform_id));
  }
  return withoutKnown(candidates, knownKeys, knownUrls);
}

/** Per (platform, fingerprint), the earliest stored post with those words in the window asked. */
async function earliestTexts(
  x: Executor,
  workspaceId: string,
  lookups: ReturnType<typeof fingerprintLookups>,
): Promise<Map<string, EarlierText>> {
  const found = new Map<string, EarlierText>();
  if (lookups.length === 0) return found;
  const rows = await x.rows<{
    platform: string;
    fingerprint: string;
    platform_id: string;
    author_id: string;
    posted_at: Date | string;
  }>(
    sql`select b.platform, b.fingerprint, p.platform_id, p.author_id, p.posted_at
        from json_to_recordset(${json(
          lookups.map((l) => ({ ...l, from: l.from.toISOString(), to: l.to.toISOString() })),
        )}) as b(platform text, fingerprint text, "from" timestamptz, "to" timestamptz)
        cross join lateral (
          select platform_id, author_id, posted_at from posts
          where workspace_id = ${workspaceId} and platform = b.platform and fingerprint = b.fingerprint
            and posted_at between b."from" and b."to"
          order by posted_at limit 1
        ) p`,
  );
  for (const r of rows)
    found.set(key(r.platform, r.fingerprint), {
      platformId: r.platform_id,
      authorId: r.author_id,
      postedAt: new Date(r.posted_at),
    });
  return found;
}

/** Author ids by (platform, id): existing authors are read, new ones inserted, changed ones updated. */
async function ensureAuthors(
  x: Executor,
  workspaceId: string,
  batch: IngestItem[],
): Promise<Map<string, string>> {
  const wanted = batchAuthors(batch);
  const existing = await x.rows<AuthorRow & { id: string }>(
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
    return old !== undefined && authorChanged(old, w);
  });
  if (missing.length > 0) {
    const added = await x.rows<{ id: string; platform: string; platform_id: string }>(
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
    await x.rows(
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

/** Each post's thread root, with the roots of parents already stored. */
async function storedThreadRoots(
  x: Executor,
  workspaceId: string,
  batch: IngestItem[],
): Promise<Map<string, string>> {
  const parents = parentKeys(batch);
  const known = new Map<string, string>();
  if (parents.length > 0) {
    const found = await x.rows<{ platform: string; platform_id: string; root: string }>(
      sql`select p.platform, p.platform_id, c.root_platform_id as root from posts p
          join conversations c on c.id = p.conversation_id
          join json_to_recordset(${json(parents)}) as b(platform text, platform_id text)
            on p.platform = b.platform and p.platform_id = b.platform_id
          where p.workspace_id = ${workspaceId}`,
    );
    for (const f of found) known.set(key(f.platform, f.platform_id), f.root);
  }
  return threadRoots(batch, known);
}

/** Conversation ids by (platform, root id): existing ones are read, new ones inserted. */
async function ensureConversations(
  x: Executor,
  workspaceId: string,
  batch: IngestItem[],
  roots: Map<string, string>,
  sourceId: string | null,
): Promise<Map<string, string>> {
  const list = batchConversations(batch, roots);
  const existing = await x.rows<{ id: string; platform: string; root_platform_id: string }>(
    sql`select c.id, c.platform, c.root_platform_id from conversations c
        join json_to_recordset(${json(list)}) as b(platform text, root text)
          on c.platform = b.platform and c.root_platform_id = b.root
        where c.workspace_id = ${workspaceId}`,
  );
  const ids = new Map(existing.map((r) => [key(r.platform, r.root_platform_id), r.id]));
  if (sourceId && existing.length > 0) {
    // A thread first seen without a source (imported) is answered through the first source that brings a post to it.
    await x.rows(
      sql`update conversations set source_id = ${sourceId}::uuid
          where id in (select (value #>> '{}')::uuid from json_array_elements(${json(existing.map((r) => r.id))}))
            and source_id is null
          returning id`,
    );
  }
  const missing = list.filter((w) => !ids.has(key(w.platform, w.root)));
  if (missing.length > 0) {
    const added = await x.rows<{ id: string; platform: string; root_platform_id: string }>(
      sql`insert into conversations (id, workspace_id, platform, root_platform_id, source_id)
          select b.id, ${workspaceId}, b.platform, b.root, ${sourceId}::uuid
          from json_to_recordset(${json(missing.map((m) => ({ id: uuid7(), ...m })))}) as b(id uuid, platform text, root text)
          on conflict (workspace_id, platform, root_platform_id) do update set root_platform_id = excluded.root_platform_id
          returning id, platform, root_platform_id`,
    );
    for (const r of added) ids.set(key(r.platform, r.root_platform_id), r.id);
  }
  return ids;
}

/**
 * Posts that need the brand join the conversation's open work item; else reopen its resolved one
 * within the reopen window; else open a new one, which follows the conversation's latest closed
 * item. A reopen is a conditional update (still resolved): when another batch reopened the item
 * first, this one joins it through the upsert.
 */
export async function openWorkItemsPostgres(
  x: Executor,
  workspaceId: string,
  perConversation: ReturnType<typeof workItemsToOpen>,
): Promise<IngestResult["workItems"]> {
  if (perConversation.size === 0) return [];
  const closed = await x.rows<{
    conversation_id: string;
    id: string;
    state: WorkItemState;
    closed_at: unknown;
  }>(
    sql`select distinct on (w.conversation_id) w.conversation_id, w.id, w.state, w.closed_at
        from work_items w
        where w.conversation_id = any(${arrayLiteral([...perConversation.keys()])}::uuid[])
          and w.state in ('handled', 'discarded')
          and not exists (select 1 from work_items o where o.conversation_id = w.conversation_id
            and o.state in ('new', 'reserved'))
        order by w.conversation_id, w.closed_at desc nulls last`,
  );
  const latest = new Map(closed.map((r) => [r.conversation_id, r]));
  let windowMs = DEFAULT_REOPEN_WINDOW_MS;
  if (latest.size > 0) {
    const [row] = await x.rows<{ reopen_window_ms: string | number }>(
      sql`select reopen_window_ms from routing_settings where workspace_id = ${workspaceId}`,
    );
    if (row) windowMs = Number(row.reopen_window_ms);
  }
  const toReopen = [...perConversation].flatMap(([conversationId, w]) => {
    const last = latest.get(conversationId);
    return last && reopensItem({ state: last.state, closedAt: millis(last.closed_at) }, w.at, windowMs)
      ? [{ id: last.id, post_id: w.postId, priority: w.priority, conversation_id: conversationId }]
      : [];
  });
  const reopened = toReopen.length
    ? await x.rows<{ id: string; conversation_id: string }>(
        sql`update work_items w set state = 'new', assignee_id = null, closed_at = null, discard_reason = null,
              offered_to = null, offer_expires_at = null, declined_by = '[]'::jsonb,
              latest_post_id = b.post_id, priority = greatest(w.priority, b.priority), updated_at = now(),
              version = w.version + 1
            from json_to_recordset(${json(toReopen)}) as b(id uuid, post_id uuid, priority float8)
            where w.id = b.id and w.state = 'handled'
            returning w.id, w.conversation_id`,
      )
    : [];
  const reopenedIn = new Map(reopened.map((r) => [r.conversation_id, r.id]));
  const result: IngestResult["workItems"] = reopened.map((r) => ({
    id: r.id,
    created: false,
    reopenedBy: perConversation.get(r.conversation_id)!.postId,
  }));
  const rest = [...perConversation].filter(([conversationId]) => !reopenedIn.has(conversationId));
  if (rest.length === 0) return result;
  const upserted = await x.rows<{ id: string; created: boolean }>(
    sql`insert into work_items (workspace_id, conversation_id, post_id, latest_post_id, priority, previous_item_id)
        select ${workspaceId}, b.conversation_id, b.post_id, b.post_id, b.priority, b.previous_item_id
        from json_to_recordset(${json(
          rest.map(([conversation_id, w]) => ({
            conversation_id,
            post_id: w.postId,
            priority: w.priority,
            previous_item_id: latest.get(conversation_id)?.id ?? null,
          })),
        )}) as b(conversation_id uuid, post_id uuid, priority float8, previous_item_id uuid)
        on conflict (conversation_id) where state in ('new', 'reserved') do update set
          latest_post_id = excluded.latest_post_id,
          priority = greatest(work_items.priority, excluded.priority),
          updated_at = now(),
          version = work_items.version + 1
        returning id, (xmax = 0) as created`,
  );
  return [...result, ...upserted.map((r) => ({ id: r.id, created: r.created }))];
}

/** A brand post in a conversation counts as the first response to its open work item. */
async function markBrandResponses(x: Executor, answered: ReturnType<typeof brandResponses>) {
  if (answered.length === 0) return;
  await x.rows(
    sql`update work_items w set first_response_at = least(coalesce(w.first_response_at, b.at), b.at)
        from json_to_recordset(${json(
          answered.map((a) => ({ conversation_id: a.conversationId, at: a.at.toISOString() })),
        )}) as b(conversation_id uuid, at timestamptz)
        where w.conversation_id = b.conversation_id and w.state in ('new', 'reserved')`,
  );
}
