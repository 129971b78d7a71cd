/**
 * The last step every source shares before a post enters the pipeline: trim, validate, cap the
 * text, derive mentions and hashtags. Sources map their payloads to a `PostDraft`; this makes it a
 * `NormalizedPost` or rejects it with `validation_failed` and a reason a person can act on.
 */
import {
  type AuthorRef,
  type Channel,
  extractHashtags,
  extractMentions,
  type NormalizedPost,
  PLATFORMS,
  type Platform,
} from "../domain/post.ts";
import { ParleyError } from "../errors.ts";

/** Beyond this a post is a document, not a message; the full text stays in `raw`. */
export const MAX_TEXT_LENGTH = 20_000;

export interface AuthorDraft {
  platformId?: string;
  handle: string;
  name?: string;
  followers?: number;
  verified?: boolean;
  isBrand?: boolean;
}

export interface PostDraft {
  platform: string;
  platformId: string;
  text: string;
  createdAt: Date;
  author: AuthorDraft;
  url?: string;
  language?: string;
  replyToPlatformId?: string;
  replyToHandle?: string;
  channel?: Channel;
  raw: unknown;
  demo?: boolean;
}

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);

export function isPlatform(value: string): value is Platform {
  return PLATFORM_SET.has(value);
}

function reject(reason: string): never {
  throw new ParleyError("validation_failed", reason);
}

function stripAt(handle: string): string {
  const h = handle.trim();
  return h.startsWith("@") ? h.slice(1) : h;
}

function optionalText(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function normalizeAuthor(platform: Platform, draft: AuthorDraft): AuthorRef {
  const handle = stripAt(draft.handle);
  const platformId = draft.platformId?.trim() || handle;
  if (!handle && !platformId) reject("The author has neither a handle nor an id");
  const author: AuthorRef = { platform, platformId, handle: handle || platformId };
  const name = optionalText(draft.name);
  if (name !== undefined) author.name = name;
  if (draft.followers !== undefined) {
    if (!Number.isFinite(draft.followers) || draft.followers < 0) {
      reject(`The follower count ${draft.followers} is not a count`);
    }
    author.followers = Math.floor(draft.followers);
  }
  if (draft.verified !== undefined) author.verified = draft.verified;
  if (draft.isBrand !== undefined) author.isBrand = draft.isBrand;
  return author;
}

/**
 * Validates and completes a draft. Throws `validation_failed` for an empty id or text, an unknown
 * platform or an invalid date. A text longer than MAX_TEXT_LENGTH is cut and `truncated` is set.
 */
export function normalizePost(draft: PostDraft): NormalizedPost {
  const platformId = draft.platformId.trim();
  if (!platformId) reject("The post has no id");
  if (!isPlatform(draft.platform)) reject(`Unknown platform "${draft.platform}"`);
  const platform = draft.platform;
  if (Number.isNaN(draft.createdAt.getTime())) reject("The post has an invalid date");
  let text = draft.text.trim();
  if (!text) reject("The post has no text");
  let truncated = false;
  if (text.length > MAX_TEXT_LENGTH) {
    // Do not split a surrogate pair: a lone half is not valid text downstream.
    let end = MAX_TEXT_LENGTH;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    text = text.slice(0, end);
    truncated = true;
  }
  const post: NormalizedPost = {
    platform,
    platformId,
    text,
    createdAt: draft.createdAt,
    author: normalizeAuthor(platform, draft.author),
    channel: draft.channel ?? "public",
    mentions: extractMentions(text),
    hashtags: extractHashtags(text),
    raw: draft.raw,
  };
  const url = optionalText(draft.url);
  if (url !== undefined) post.url = url;
  const language = optionalText(draft.language)?.toLowerCase();
  if (language !== undefined) post.language = language;
  const replyTo = optionalText(draft.replyToPlatformId);
  if (replyTo !== undefined) post.replyToPlatformId = replyTo;
  const replyToHandle = optionalText(draft.replyToHandle);
  if (replyToHandle !== undefined) post.replyToHandle = stripAt(replyToHandle);
  if (truncated) post.truncated = true;
  if (draft.demo) post.demo = true;
  return post;
}
