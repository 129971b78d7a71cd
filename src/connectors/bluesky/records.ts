/**
 * Bluesky's post records and views as Parley reads them, and what a post becomes. A post's id is
 * its AT URI (`at://did/app.bsky.feed.post/rkey`); its link is the bsky.app page. Facets mark
 * byte ranges of the text: a link facet's full address replaces the shortened text a client
 * shows, mention facets name accounts, tag facets hashtags.
 */
import { z } from "zod";
import type { PostDraft } from "../../pipeline/normalize.ts";

const strongRef = z.object({ uri: z.string(), cid: z.string() });

const facet = z.object({
  index: z.object({ byteStart: z.number().int().min(0), byteEnd: z.number().int().min(0) }),
  features: z.array(z.looseObject({ $type: z.string().optional() })),
});

export const postRecord = z.looseObject({
  text: z.string(),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  facets: z.array(facet).optional(),
  reply: z.object({ root: strongRef, parent: strongRef }).optional(),
});
export type PostRecord = z.output<typeof postRecord>;

export const profile = z.looseObject({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
});

/** A post as the AppView shows it (`app.bsky.feed.defs#postView`), or a notification about one. */
export const postView = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string(),
  author: profile,
  record: z.unknown(),
  indexedAt: z.string(),
});
export type PostView = z.output<typeof postView>;

export const notification = postView.extend({
  reason: z.string(),
  reasonSubject: z.string().optional(),
});

/** The parts of an AT URI. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | null {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  return match ? { repo: match[1]!, collection: match[2]!, rkey: match[3]! } : null;
}

/** The bsky.app page of a post. */
export function postUrl(uri: string, handle: string | undefined): string | undefined {
  const parts = parseAtUri(uri);
  if (!parts) return undefined;
  const who = handle && handle !== "handle.invalid" ? handle : parts.repo;
  return `https://bsky.app/profile/${encodeURIComponent(who)}/post/${encodeURIComponent(parts.rkey)}`;
}

export interface FacetTags {
  /** The text with shortened links written out in full. */
  text: string;
  hashtags: string[];
  /** DIDs the post mentions. */
  mentionDids: string[];
  links: string[];
}

/** Reads a record's facets; ranges out of the text or overlapping are passed over. */
export function readFacets(record: PostRecord): FacetTags {
  const bytes = Buffer.from(record.text, "utf8");
  const hashtags: string[] = [];
  const mentionDids: string[] = [];
  const links: string[] = [];
  const replacements: { start: number; end: number; uri: string }[] = [];
  for (const f of record.facets ?? []) {
    const { byteStart, byteEnd } = f.index;
    const inText = byteStart < byteEnd && byteEnd <= bytes.length;
    for (const feature of f.features) {
      const type = feature.$type;
      if (type === "app.bsky.richtext.facet#tag" && typeof feature.tag === "string") {
        hashtags.push(feature.tag.replace(/^#/, "").toLowerCase());
      } else if (type === "app.bsky.richtext.facet#mention" && typeof feature.did === "string") {
        mentionDids.push(feature.did);
      } else if (type === "app.bsky.richtext.facet#link" && typeof feature.uri === "string") {
        links.push(feature.uri);
        if (inText) replacements.push({ start: byteStart, end: byteEnd, uri: feature.uri });
      }
    }
  }
  replacements.sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const r of replacements) {
    if (r.start < at) continue;
    parts.push(bytes.subarray(at, r.start));
    const shown = bytes.subarray(r.start, r.end).toString("utf8");
    // Only a shortened link is written out; a link on other words keeps the words.
    const shortened =
      /^(https?:\/\/)?[^\s]+(\.\.\.|…)$/.test(shown) || r.uri.replace(/^https?:\/\//, "") === shown;
    parts.push(shortened ? Buffer.from(r.uri, "utf8") : bytes.subarray(r.start, r.end));
    at = r.end;
  }
  parts.push(bytes.subarray(at));
  return {
    text: Buffer.concat(parts).toString("utf8"),
    hashtags: [...new Set(hashtags)],
    mentionDids: [...new Set(mentionDids)],
    links,
  };
}

const POST_COLLECTION = "app.bsky.feed.post";

/**
 * The post a record quotes: its embed is a record (`app.bsky.embed.record`), or a record with
 * media (`app.bsky.embed.recordWithMedia`), naming a post. Feeds and lists embedded are not quotes.
 */
export function quotedPost(record: PostRecord): { uri: string; did: string } | null {
  const embed = record.embed as
    | { $type?: unknown; record?: { uri?: unknown; record?: { uri?: unknown } } }
    | undefined;
  if (!embed || typeof embed !== "object") return null;
  const uri =
    embed.$type === "app.bsky.embed.record"
      ? embed.record?.uri
      : embed.$type === "app.bsky.embed.recordWithMedia"
        ? embed.record?.record?.uri
        : undefined;
  if (typeof uri !== "string") return null;
  const parts = parseAtUri(uri);
  return parts && parts.collection === POST_COLLECTION ? { uri, did: parts.repo } : null;
}

/** A post view (or a notification of a post) as a draft for `normalizePost`; null when it is not a post. */
export function postToDraft(
  view: PostView,
  options: { brandDid?: string; brandHandle?: string; raw?: unknown } = {},
): { draft: PostDraft; facets: FacetTags } | null {
  const record = postRecord.safeParse(view.record);
  if (!record.success) return null;
  const facets = readFacets(record.data);
  const created = Date.parse(record.data.createdAt);
  const indexed = Date.parse(view.indexedAt);
  const parent = record.data.reply?.parent.uri;
  const quoted = quotedPost(record.data);
  const quotesBrand = quoted && options.brandDid === quoted.did && options.brandHandle;
  return {
    draft: {
      platform: "bluesky",
      platformId: view.uri,
      url: postUrl(view.uri, view.author.handle),
      text: facets.text,
      // A record's own time is what its author's client said; the AppView's is the fallback.
      createdAt: new Date(Number.isFinite(created) ? created : indexed),
      author: {
        platformId: view.author.did,
        handle: view.author.handle,
        ...(view.author.displayName ? { name: view.author.displayName } : {}),
        ...(options.brandDid && view.author.did === options.brandDid ? { isBrand: true } : {}),
      },
      ...(record.data.langs?.[0] ? { language: record.data.langs[0].split("-")[0]!.toLowerCase() } : {}),
      ...(parent ? { replyToPlatformId: parent } : {}),
      ...(quoted
        ? {
            quotes: {
              platformId: quoted.uri,
              authorPlatformId: quoted.did,
              ...(quotesBrand ? { authorHandle: options.brandHandle } : {}),
            },
          }
        : {}),
      channel: "public",
      raw: options.raw ?? view,
    },
    facets,
  };
}
