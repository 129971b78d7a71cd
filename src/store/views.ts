/** Reads work items, posts and conversations in the shape the API presents. */

import type { SQL, SQLWrapper } from "drizzle-orm";
import type { Analysis } from "../domain/analysis.ts";
import type { InboxFilter } from "../domain/inboxFilter.ts";
import type { PostCorrection, PostView, WorkItemView } from "../domain/views.ts";
import { type Executor, isOpen, ofWorkspace, type Tables } from "./executor.ts";
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from "./orm.ts";

const postColumnsOf = ({ posts, authors }: Tables) => ({
  id: posts.id,
  platform: posts.platform,
  platformId: posts.platformId,
  url: posts.url,
  text: posts.text,
  postedAt: posts.postedAt,
  language: posts.language,
  channel: posts.channel,
  demo: posts.demo,
  replyToPlatformId: posts.replyToPlatformId,
  originalPlatformId: posts.originalPlatformId,
  originalRelation: posts.originalRelation,
  conversationId: posts.conversationId,
  campaignIds: posts.campaignIds,
  authorId: authors.id,
  handle: authors.handle,
  authorName: authors.name,
  followers: authors.followers,
  verified: authors.verified,
  isBrand: authors.isBrand,
  analysis: posts.analysis,
  correction: posts.correction,
});

interface PostRow {
  id: string;
  platform: string;
  platformId: string;
  url: string | null;
  text: string;
  postedAt: Date;
  language: string | null;
  channel: "public" | "private";
  demo: boolean;
  replyToPlatformId: string | null;
  originalPlatformId: string | null;
  originalRelation: "quote" | "copy" | null;
  conversationId: string;
  campaignIds: string[];
  authorId: string;
  handle: string;
  authorName: string | null;
  followers: number | null;
  verified: boolean;
  isBrand: boolean;
  analysis: Analysis | null;
  correction: PostCorrection | null;
}

/** Originals Parley holds, by `platform \0 platform id`. */
type Originals = Map<string, { id: string; url: string | null }>;
/** How many posts are grouped with each original, by `platform \0 platform id`. */
type Shares = Map<string, number>;

/** What presenting posts needs beyond their rows: their originals and how often each was shared. */
interface Related {
  originals: Originals;
  shares: Shares;
}

function presentPost(
  r: PostRow,
  replyToPostId: string | null = null,
  related: Related = { originals: new Map(), shares: new Map() },
): PostView {
  const held = r.originalPlatformId
    ? related.originals.get(`${r.platform}\u0000${r.originalPlatformId}`)
    : undefined;
  return {
    id: r.id,
    platform: r.platform,
    platformId: r.platformId,
    url: r.url,
    text: r.text,
    createdAt: r.postedAt.toISOString(),
    language: r.language,
    channel: r.channel,
    demo: r.demo,
    replyToPostId,
    original:
      r.originalPlatformId && r.originalRelation
        ? {
            relation: r.originalRelation,
            platformId: r.originalPlatformId,
            postId: held?.id ?? null,
            url: held?.url ?? null,
          }
        : null,
    shared: related.shares.get(`${r.platform}\u0000${r.platformId}`) ?? 0,
    conversationId: r.conversationId,
    campaignIds: r.campaignIds,
    author: {
      id: r.authorId,
      handle: r.handle,
      name: r.authorName,
      followers: r.followers,
      verified: r.verified,
      isBrand: r.isBrand,
    },
    analysis: r.analysis,
    correction: r.correction,
  };
}

export interface WorkItemFilter {
  states?: WorkItemView["state"][];
  assigneeId?: string;
  /** Items offered to this agent (waiting for their accept). */
  offeredTo?: string;
  queue?: string;
  conversationId?: string;
  ids?: string[];
  /** Narrowing by the latest post's labels, platform, language and words (domain/inboxFilter.ts). */
  narrow?: InboxFilter;
  /** Keyset position: items after this one in (priority desc, created asc, id asc) order. */
  after?: { priority: number; createdAt: string; id: string };
  /** `breach`: soonest SLA due time first (items without one last), then oldest first. */
  sort?: "priority" | "breach";
  /** Keyset position in the `breach` order. */
  afterDue?: { dueAt: string | null; createdAt: string; id: string };
  limit?: number;
}

/**
 * The inbox's states are written as literals, so the planner can prove the open-items partial
 * index applies (it cannot with bound parameters).
 */
function stateIn(column: SQLWrapper, states: WorkItemView["state"][]): SQL {
  const open = new Set(states);
  if (open.size === 2 && open.has("new") && open.has("reserved")) return isOpen(column);
  return inArray(column, states);
}

/**
 * The inbox filter as conditions on the latest post and its author. Intent and sentiment are the
 * shown ones (a correction wins); words are found in the lower-cased text or handle, with `instr`
 * or `strpos` rather than LIKE, so `%` and `_` in a search are plain characters.
 */
/** A post's shown label in one dimension: an agent's correction wins over the model's. */
export function shownLabel(x: Executor, field: "intent" | "sentiment" | "topic"): SQL {
  const { posts } = x.t;
  const column = posts[field];
  return x.dialect === "postgres"
    ? sql`coalesce(${posts.correction}->>${field}, ${column})`
    : sql`coalesce(json_extract(${posts.correction}, ${`$.${field}`}), ${column})`;
}

function narrowing(x: Executor, filter: InboxFilter): SQL[] {
  const { posts, authors } = x.t;
  const where: SQL[] = [];
  const found = (word: string) =>
    x.dialect === "postgres"
      ? sql`(strpos(lower(${posts.text}), ${word}) > 0 or strpos(lower(${authors.handle}), ${word}) > 0)`
      : sql`(instr(lower(${posts.text}), ${word}) > 0 or instr(lower(${authors.handle}), ${word}) > 0)`;
  if (filter.platforms) where.push(inArray(posts.platform, filter.platforms));
  if (filter.channel) where.push(eq(posts.channel, filter.channel));
  if (filter.languages) where.push(inArray(posts.language, filter.languages));
  if (filter.urgencies) where.push(inArray(posts.urgency, filter.urgencies));
  if (filter.intents) where.push(inArray(shownLabel(x, "intent"), filter.intents));
  if (filter.sentiments) where.push(inArray(shownLabel(x, "sentiment"), filter.sentiments));
  for (const word of filter.words ?? []) where.push(found(word));
  return where;
}

export function viewRepository(x: Executor) {
  const { db } = x;
  const { authors, posts, users, workItems, workItemSlas, slaPolicies } = x.t;
  const postColumns = postColumnsOf(x.t);
  async function workItemViews(workspaceId: string, filter: WorkItemFilter): Promise<WorkItemView[]> {
    const where: (SQL | undefined)[] = [
      filter.ids
        ? ofWorkspace(x, workItems.workspaceId, workspaceId)
        : eq(workItems.workspaceId, workspaceId),
    ];
    if (filter.states?.length) where.push(stateIn(workItems.state, filter.states));
    if (filter.assigneeId) where.push(eq(workItems.assigneeId, filter.assigneeId));
    if (filter.queue) where.push(eq(workItems.queue, filter.queue));
    if (filter.offeredTo) where.push(eq(workItems.state, "new"), eq(workItems.offeredTo, filter.offeredTo));
    if (filter.conversationId) where.push(eq(workItems.conversationId, filter.conversationId));
    if (filter.narrow) where.push(...narrowing(x, filter.narrow));
    if (filter.ids)
      where.push(
        inArray(workItems.id, filter.ids.length ? filter.ids : ["00000000-0000-0000-0000-000000000000"]),
      );
    if (filter.after) {
      const { priority, createdAt, id } = filter.after;
      const at = new Date(createdAt);
      where.push(
        or(
          lt(workItems.priority, priority),
          and(eq(workItems.priority, priority), gt(workItems.createdAt, at)),
          and(eq(workItems.priority, priority), eq(workItems.createdAt, at), gt(workItems.id, id)),
        ),
      );
    }
    if (filter.afterDue) {
      const { dueAt, createdAt, id } = filter.afterDue;
      const at = new Date(createdAt);
      const later = or(gt(workItems.createdAt, at), and(eq(workItems.createdAt, at), gt(workItems.id, id)));
      if (dueAt === null) where.push(and(isNull(workItemSlas.dueAt), later));
      else {
        const due = new Date(dueAt);
        where.push(
          or(
            gt(workItemSlas.dueAt, due),
            and(eq(workItemSlas.dueAt, due), later),
            isNull(workItemSlas.dueAt),
          ),
        );
      }
    }
    const order =
      filter.sort === "breach"
        ? [sql`${workItemSlas.dueAt} asc nulls last`, asc(workItems.createdAt), asc(workItems.id)]
        : [desc(workItems.priority), asc(workItems.createdAt), asc(workItems.id)];
    const rows = await db
      .select({
        sla: {
          policyId: workItemSlas.policyId,
          policyName: slaPolicies.name,
          state: workItemSlas.state,
          status: workItemSlas.status,
          dueAt: workItemSlas.dueAt,
          dueTarget: workItemSlas.dueTarget,
          remainingMs: workItemSlas.remainingMs,
        },
        item: {
          id: workItems.id,
          state: workItems.state,
          priority: workItems.priority,
          queue: workItems.queue,
          conversationId: workItems.conversationId,
          discardReason: workItems.discardReason,
          previousItemId: workItems.previousItemId,
          version: workItems.version,
          createdAt: workItems.createdAt,
          updatedAt: workItems.updatedAt,
          assigneeId: workItems.assigneeId,
          assigneeName: users.name,
          offeredTo: workItems.offeredTo,
          offerExpiresAt: workItems.offerExpiresAt,
        },
        post: postColumns,
      })
      .from(workItems)
      .innerJoin(posts, eq(posts.id, workItems.latestPostId))
      .innerJoin(authors, eq(authors.id, posts.authorId))
      .leftJoin(users, eq(users.id, workItems.assigneeId))
      .leftJoin(workItemSlas, eq(workItemSlas.workItemId, workItems.id))
      .leftJoin(slaPolicies, eq(slaPolicies.id, workItemSlas.policyId))
      .where(and(...where))
      .orderBy(...order)
      .limit(filter.limit ?? 50);
    const offered = [...new Set(rows.flatMap((r) => (r.item.offeredTo ? [r.item.offeredTo] : [])))];
    const offerNames = new Map(
      offered.length
        ? (
            await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, offered))
          ).map((u) => [u.id, u.name] as const)
        : [],
    );
    const related = await relatedOf(
      workspaceId,
      rows.map((r) => r.post),
    );
    return rows.map(({ item, post, sla }) => ({
      id: item.id,
      state: item.state,
      priority: item.priority,
      queue: item.queue,
      assignee: item.assigneeId ? { id: item.assigneeId, name: item.assigneeName ?? "" } : null,
      offer:
        item.state === "new" && item.offeredTo && item.offerExpiresAt
          ? {
              agent: { id: item.offeredTo, name: offerNames.get(item.offeredTo) ?? "" },
              expiresAt: item.offerExpiresAt.toISOString(),
            }
          : null,
      conversationId: item.conversationId,
      previousItemId: item.previousItemId ?? null,
      discardReason: item.discardReason,
      version: item.version,
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
      sla:
        sla?.policyId && sla.policyName && sla.state && sla.status
          ? {
              policy: { id: sla.policyId, name: sla.policyName },
              state: sla.state,
              status: sla.status,
              target: sla.dueTarget ?? null,
              dueAt: sla.dueAt ? sla.dueAt.toISOString() : null,
              remainingMs: sla.remainingMs ?? null,
            }
          : null,
      post: presentPost(post, null, related),
    }));
  }

  /** The originals of these posts that Parley holds, and how often each post was shared. */
  async function relatedOf(
    workspaceId: string,
    rows: readonly { platform: string; platformId: string; originalPlatformId: string | null }[],
  ): Promise<Related> {
    const originalIds = new Map<string, Set<string>>();
    const ownIds = new Map<string, Set<string>>();
    const add = (to: Map<string, Set<string>>, platform: string, id: string) => {
      const ids = to.get(platform) ?? new Set<string>();
      ids.add(id);
      to.set(platform, ids);
    };
    for (const r of rows) {
      add(ownIds, r.platform, r.platformId);
      if (r.originalPlatformId) add(originalIds, r.platform, r.originalPlatformId);
    }
    const originals: Originals = new Map();
    for (const [platform, ids] of originalIds) {
      const found = await db
        .select({ id: posts.id, url: posts.url, platformId: posts.platformId })
        .from(posts)
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.platformId, [...ids]),
          ),
        );
      for (const f of found) originals.set(`${platform}\u0000${f.platformId}`, { id: f.id, url: f.url });
    }
    const shares: Shares = new Map();
    for (const [platform, ids] of ownIds) {
      // Counted when read (from `posts_original_idx`), so a deletion or an erasure is never left
      // in a stored count. A post withdrawn at its source (no text, no payload) is no share.
      const found = await db
        .select({ original: posts.originalPlatformId, n: sql<number | string>`count(*)` })
        .from(posts)
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.originalPlatformId, [...ids]),
            sql`not (${posts.text} = '' and ${posts.raw} is null)`,
          ),
        )
        .groupBy(posts.originalPlatformId);
      for (const f of found) if (f.original) shares.set(`${platform}\u0000${f.original}`, Number(f.n));
    }
    return { originals, shares };
  }

  async function postViews(workspaceId: string, where: SQL | undefined, limit: number): Promise<PostView[]> {
    const rows = await db
      .select(postColumns)
      .from(posts)
      .innerJoin(authors, eq(authors.id, posts.authorId))
      .where(and(eq(posts.workspaceId, workspaceId), where))
      .orderBy(asc(posts.postedAt), asc(posts.seq))
      .limit(limit);
    // Reply links are resolved within the result: a thread is read whole.
    const byPlatformId = new Map(rows.map((r) => [r.platformId, r.id]));
    const related = await relatedOf(workspaceId, rows);
    return rows.map((r) =>
      presentPost(r, r.replyToPlatformId ? (byPlatformId.get(r.replyToPlatformId) ?? null) : null, related),
    );
  }

  return {
    workItems: workItemViews,
    async workItem(workspaceId: string, id: string): Promise<WorkItemView | null> {
      const [item] = await workItemViews(workspaceId, { ids: [id], limit: 1 });
      return item ?? null;
    },
    async conversationPosts(workspaceId: string, conversationId: string): Promise<PostView[]> {
      return postViews(workspaceId, eq(posts.conversationId, conversationId), 1000);
    },
    async post(workspaceId: string, id: string): Promise<PostView | null> {
      const [post] = await postViews(workspaceId, eq(posts.id, id), 1);
      return post ?? null;
    },
    async posts(
      workspaceId: string,
      filter: { afterSeq?: number; limit?: number; demo?: boolean },
    ): Promise<(PostView & { seq: number })[]> {
      const where: (SQL | undefined)[] = [];
      if (filter.afterSeq !== undefined) where.push(gt(posts.seq, filter.afterSeq));
      if (filter.demo !== undefined) where.push(eq(posts.demo, filter.demo));
      const rows = await db
        .select({ ...postColumns, seq: posts.seq })
        .from(posts)
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(and(eq(posts.workspaceId, workspaceId), ...where))
        .orderBy(asc(posts.seq))
        .limit(filter.limit ?? 50);
      const related = await relatedOf(workspaceId, rows);
      return rows.map((r) => ({ ...presentPost(r, null, related), seq: Number(r.seq) }));
    },
  };
}
