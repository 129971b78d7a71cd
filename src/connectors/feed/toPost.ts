/**
 * A feed entry as a post draft: its id made unique beyond its feed, its link made absolute (and
 * dropped unless http or https), its author or the feed's, its date, and its text as title and
 * body. `normalizePost` then applies the limits every source shares.
 */
import { createHash } from "node:crypto";
import { LIMITS, type PostDraft } from "../../pipeline/normalize.ts";
import type { FeedAuthor, FeedDocument, FeedEntry } from "./model.ts";

/** Ids that name themselves worldwide; anything else (`42`, `post-7`) is only unique in its feed. */
const GLOBAL_ID = /^(?:https?|tag|urn|mailto):/i;

/** The post's platform id: the entry's id, else its link; bounded in size for the store's index. */
export function entryPlatformId(
  entry: FeedEntry,
  feedUrl: string,
  link: string | undefined,
): string | undefined {
  const raw = entry.id ?? link;
  if (!raw) return undefined;
  const id = GLOBAL_ID.test(raw) ? raw : `${feedUrl}#${raw}`;
  if (Buffer.byteLength(id) <= LIMITS.id) return id;
  return `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

/** The entry's link as an absolute http(s) URL, or undefined. */
export function absoluteLink(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return Buffer.byteLength(url.href) <= LIMITS.url ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function parseFeedDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  let time = Date.parse(value);
  // "Mon, 5 Jan 2026 09:00:00 Z" and a few other RSS spellings V8 does not read.
  if (Number.isNaN(time)) time = Date.parse(value.replace(/\s(?:Z|UTC)$/i, " GMT"));
  return Number.isNaN(time) ? undefined : new Date(time);
}

function authorOf(
  author: FeedAuthor | undefined,
  doc: FeedDocument,
  feedHost: string,
): { platformId: string; handle: string; name?: string } {
  const name = author?.name ?? author?.email?.replace(/@.*/, "");
  if (author && name) {
    const platformId = author.url ?? (author.email ? `mailto:${author.email}` : `${feedHost}/${name}`);
    return {
      platformId: cap(platformId, LIMITS.id),
      handle: cap(name, LIMITS.handle),
      name: cap(name, LIMITS.name),
    };
  }
  // An entry without an author is the site's own voice.
  const site = doc.title ?? feedHost;
  return { platformId: feedHost, handle: cap(site, LIMITS.handle), name: cap(site, LIMITS.name) };
}

function cap(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = text.slice(0, bytes);
  while (Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}

export function entryText(entry: FeedEntry): string {
  const { title, body } = entry;
  if (!body) return title ?? "";
  if (!title || body.startsWith(title)) return body;
  return `${title}\n${body}`;
}

export interface DraftContext {
  /** The source's URL: ids that are only unique in their feed are qualified with it. */
  feedUrl: string;
  /** Where the document came from (after redirects): relative links resolve against it. */
  baseUrl: string;
  doc: FeedDocument;
  /** When the entry gives no date: the time it was first seen. */
  now: Date;
}

/** The draft, or why the entry cannot be a post. */
export function entryToDraft(entry: FeedEntry, context: DraftContext): PostDraft | { reason: string } {
  const { feedUrl, doc } = context;
  const link = absoluteLink(entry.link, context.baseUrl);
  const platformId = entryPlatformId(entry, feedUrl, link);
  if (!platformId) return { reason: "The entry has neither an id nor a link" };
  const feedHost = new URL(feedUrl).host;
  const createdAt = parseFeedDate(entry.published) ?? parseFeedDate(entry.updated) ?? context.now;
  const draft: PostDraft = {
    platform: "rss",
    platformId,
    text: entryText(entry),
    createdAt,
    author: authorOf(entry.author, doc, feedHost),
    channel: "public",
    raw: { feed: feedUrl, format: doc.format, entry: entry.source },
  };
  if (link) draft.url = link;
  const language = entry.language?.split(/[-_]/)[0]?.toLowerCase();
  if (language && /^[a-z]{2,3}$/.test(language)) draft.language = language;
  return draft;
}
