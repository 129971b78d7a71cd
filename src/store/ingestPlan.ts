/**
 * What storing a batch decides, apart from the SQL that carries it out: which copies are new,
 * which authors changed, each post's thread root, which conversations get or join a work item,
 * and which brand posts answer one. Both write paths (PostgreSQL, SQLite) share these rules.
 */
import type { Analysis } from "../domain/analysis.ts";
import {
  type EarlierText,
  NEAR_DUPLICATE_WINDOW_MS,
  type OriginalRelation,
  repeats,
  textFingerprint,
} from "../domain/nearDuplicate.ts";
import type { AuthorRef, NormalizedPost } from "../domain/post.ts";
import { opensWorkItem } from "../domain/workItem.ts";

export interface IngestItem {
  post: NormalizedPost;
  analysis: Analysis;
  campaignIds: string[];
}

export interface StoredPost {
  id: string;
  platform: string;
  platformId: string;
  conversationId: string;
}

export interface IngestResult {
  /** Posts stored by this call, in batch order. */
  stored: StoredPost[];
  duplicates: number;
  /**
   * Work items this batch opened, reopened (a resolved one the customer wrote in again, within
   * the reopen window; `reopenedBy` the post) or added a post to.
   */
  workItems: { id: string; created: boolean; reopenedBy?: string }[];
}

export const key = (platform: string, platformId: string) => `${platform}\u0000${platformId}`;

/** The first copy of each post in the batch, by (platform, id). */
export function firstCopies(items: IngestItem[]): Map<string, IngestItem> {
  const fresh = new Map<string, IngestItem>();
  for (const item of items) {
    const k = key(item.post.platform, item.post.platformId);
    if (!fresh.has(k)) fresh.set(k, item);
  }
  return fresh;
}

/**
 * The candidates left once ids and URLs already stored are dropped; the same URL under another id
 * (a cross-posted copy) is a duplicate too, within the batch as well.
 */
export function withoutKnown(
  candidates: Iterable<IngestItem>,
  knownKeys: Set<string>,
  knownUrls: Set<string>,
): IngestItem[] {
  const seenUrls = new Set(knownUrls);
  const result: IngestItem[] = [];
  for (const item of candidates) {
    if (knownKeys.has(key(item.post.platform, item.post.platformId))) continue;
    const url = item.post.url;
    if (url && seenUrls.has(url)) continue;
    if (url) seenUrls.add(url);
    result.push(item);
  }
  return result;
}

export interface AuthorRow {
  platform: string;
  platform_id: string;
  handle: string;
  name: string | null;
  followers: number | null;
  verified: boolean;
  is_brand: boolean;
}

/** Each author of the batch once, as its latest post describes them. */
export function batchAuthors(batch: IngestItem[]): AuthorRow[] {
  const latest = new Map<string, AuthorRef>();
  for (const { post } of batch) latest.set(key(post.author.platform, post.author.platformId), post.author);
  return [...latest.values()].map((a) => ({
    platform: a.platform,
    platform_id: a.platformId,
    handle: a.handle,
    name: a.name ?? null,
    followers: a.followers ?? null,
    verified: a.verified ?? false,
    is_brand: a.isBrand ?? false,
  }));
}

/** Whether a stored author must be updated: what is known only grows (a name, verified, brand). */
export function authorChanged(old: AuthorRow, now: AuthorRow): boolean {
  return (
    old.handle !== now.handle ||
    (now.name !== null && old.name !== now.name) ||
    (now.followers !== null && old.followers !== now.followers) ||
    (now.verified && !old.verified) ||
    (now.is_brand && !old.is_brand)
  );
}

/** The posts' parents, to look up their stored thread roots. */
export function parentKeys(batch: IngestItem[]): { platform: string; platform_id: string }[] {
  return batch.flatMap((i) =>
    i.post.replyToPlatformId ? [{ platform: i.post.platform, platform_id: i.post.replyToPlatformId }] : [],
  );
}

/**
 * The thread root of each post: its parent's root when the parent is stored (`storedRoots`) or
 * earlier in the batch, else the parent's id (the parent may arrive later and will root the same
 * thread), else the post itself.
 */
export function threadRoots(batch: IngestItem[], storedRoots: Map<string, string>): Map<string, string> {
  const roots = new Map<string, string>();
  for (const { post } of batch) {
    const parent = post.replyToPlatformId;
    const root = parent
      ? (storedRoots.get(key(post.platform, parent)) ?? roots.get(key(post.platform, parent)) ?? parent)
      : post.platformId;
    roots.set(key(post.platform, post.platformId), root);
  }
  return roots;
}

/** The conversations the batch needs, once each. */
export function batchConversations(
  batch: IngestItem[],
  roots: Map<string, string>,
): { platform: string; root: string }[] {
  const wanted = new Map<string, { platform: string; root: string }>();
  for (const { post } of batch) {
    const root = roots.get(key(post.platform, post.platformId))!;
    wanted.set(key(post.platform, root), { platform: post.platform, root });
  }
  return [...wanted.values()];
}

/** The analysis as stored: the post's own language wins when detection found none. */
export function storedAnalysis(item: IngestItem): Analysis {
  const { post, analysis } = item;
  return analysis.language === "und" && post.language ? { ...analysis, language: post.language } : analysis;
}

/** The post a new one is grouped with: the one it quotes, or the earlier one it repeats. */
export interface Original {
  platformId: string;
  relation: OriginalRelation;
  /** A repeat by the original's own author: the same voice saying the same again. */
  sameAuthor: boolean;
}

/**
 * The fingerprint of each post of the batch that may repeat an earlier text, by post key. Quote
 * posts are grouped by what they quote, and the brand's own posts (its answers often say the same
 * words to many people) are no one's repeat.
 */
export function batchFingerprints(batch: IngestItem[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const { post } of batch) {
    if (post.quotes || post.author.isBrand) continue;
    const fingerprint = textFingerprint(post.text);
    if (fingerprint) found.set(key(post.platform, post.platformId), fingerprint);
  }
  return found;
}

/** What to look up among stored posts: per platform and fingerprint, the window the batch needs. */
export function fingerprintLookups(
  batch: IngestItem[],
  fingerprints: Map<string, string>,
): { platform: string; fingerprint: string; from: Date; to: Date }[] {
  const wanted = new Map<string, { platform: string; fingerprint: string; from: Date; to: Date }>();
  for (const { post } of batch) {
    const fingerprint = fingerprints.get(key(post.platform, post.platformId));
    if (!fingerprint) continue;
    const k = key(post.platform, fingerprint);
    const from = new Date(post.createdAt.getTime() - NEAR_DUPLICATE_WINDOW_MS);
    const w = wanted.get(k);
    if (!w) wanted.set(k, { platform: post.platform, fingerprint, from, to: post.createdAt });
    else {
      if (from < w.from) w.from = from;
      if (post.createdAt > w.to) w.to = post.createdAt;
    }
  }
  return [...wanted.values()];
}

/**
 * Each post's original: what it quotes; else the earliest stored post with its words in the window
 * (`earliest`, by `platform \0 fingerprint`); else an earlier post of the batch with them.
 */
export function originalsOf(
  batch: IngestItem[],
  fingerprints: Map<string, string>,
  earliest: Map<string, EarlierText>,
  authorIds: Map<string, string>,
): Map<string, Original> {
  const originals = new Map<string, Original>();
  const firstInBatch = new Map<string, { platformId: string; authorId: string; postedAt: Date }>();
  const byTime = [...batch].sort((a, b) => a.post.createdAt.getTime() - b.post.createdAt.getTime());
  for (const { post } of byTime) {
    const postKey = key(post.platform, post.platformId);
    if (post.quotes) {
      originals.set(postKey, { platformId: post.quotes.platformId, relation: "quote", sameAuthor: false });
      continue;
    }
    const fingerprint = fingerprints.get(postKey);
    if (!fingerprint) continue;
    const authorId = authorIds.get(key(post.author.platform, post.author.platformId)) ?? "";
    const textKey = key(post.platform, fingerprint);
    const stored = earliest.get(textKey);
    const inBatch = firstInBatch.get(textKey);
    const earlier = stored && repeats(stored, post.platformId, post.createdAt) ? stored : inBatch;
    if (earlier && repeats(earlier, post.platformId, post.createdAt)) {
      originals.set(postKey, {
        platformId: earlier.platformId,
        relation: "copy",
        sameAuthor: earlier.authorId === authorId,
      });
    } else if (!inBatch) {
      firstInBatch.set(textKey, { platformId: post.platformId, authorId, postedAt: post.createdAt });
    }
  }
  return originals;
}

/**
 * Per conversation, the newest stored post that opens or joins its work item (with when it was
 * written), with the highest priority among them. A repeat of its author's own earlier words
 * (`originals`) opens nothing: its original already did.
 */
export function workItemsToOpen(
  stored: StoredPost[],
  byKey: Map<string, IngestItem>,
  originals: Map<string, Original> = new Map(),
): Map<string, { postId: string; priority: number; at: number }> {
  const perConversation = new Map<string, { postId: string; priority: number; at: number }>();
  for (const s of stored) {
    const item = byKey.get(key(s.platform, s.platformId))!;
    if (!opensWorkItem(item.post, item.analysis)) continue;
    if (originals.get(key(s.platform, s.platformId))?.sameAuthor) continue;
    const prev = perConversation.get(s.conversationId);
    perConversation.set(s.conversationId, {
      postId: s.id,
      priority: Math.max(prev?.priority ?? 0, item.analysis.priority),
      at: item.post.createdAt.getTime(),
    });
  }
  return perConversation;
}

/** Each item of a batch once: opened wins over joined, and a reopen is kept (the steps of one batch). */
export function mergeWorkItems(lists: readonly IngestResult["workItems"][]): IngestResult["workItems"] {
  const merged = new Map<string, IngestResult["workItems"][number]>();
  for (const list of lists)
    for (const w of list) {
      const prev = merged.get(w.id);
      merged.set(w.id, {
        id: w.id,
        created: (prev?.created ?? false) || w.created,
        ...((prev?.reopenedBy ?? w.reopenedBy) ? { reopenedBy: prev?.reopenedBy ?? w.reopenedBy } : {}),
      });
    }
  return [...merged.values()];
}

/** Brand posts of the batch: each is the first response to its conversation's open work item. */
export function brandResponses(
  stored: StoredPost[],
  byKey: Map<string, IngestItem>,
): { conversationId: string; at: Date }[] {
  return stored.flatMap((s) => {
    const item = byKey.get(key(s.platform, s.platformId))!;
    return item.post.author.isBrand ? [{ conversationId: s.conversationId, at: item.post.createdAt }] : [];
  });
}
