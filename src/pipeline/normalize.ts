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
  type MatchSubject,
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
 * The first half of normalization: validation and the fields campaign matching reads (text,
 * author, language), normalized exactly as in the finished post. It is a MatchSubject, so a
 * firehose can match it and drop a post that matches nothing before `finishPost` does the rest.
 * Throws `validation_failed` as `normalizePost` does, in the same order.
 */
export interface PreparedDraft extends MatchSubject {
  draft: PostDraft;
  platform: Platform;
  platformId: string;
  author: AuthorRef;
  truncated: boolean;
}

export function prepareDraft(draft: PostDraft): PreparedDraft {
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
  const prepared: PreparedDraft = {
    draft,
    platform,
    platformId,
    text,
    author: normalizeAuthor(platform, draft.author),
    truncated,
  };
  const language = optionalText(draft.language)?.toLowerCase();
  if (language !== undefined) prepared.language = language;
  return prepared;
}

/** The second half: derives mentions and hashtags and copies the optional fields. */
export function finishPost(prepared: PreparedDraft): NormalizedPost {
  const { draft, text } = prepared;
  const post: NormalizedPost = {
    platform: prepared.platform,
    platformId: prepared.platformId,
    text,
    createdAt: draft.createdAt,
    author: prepared.author,
    channel: draft.channel ?? "public",
    // Most posts lack one or the other; a substring check is cheaper than any scan.
    mentions: text.includes("@") ? extractMentions(text) : [],
    hashtags: text.includes("#") ? extractHashtags(text) : [],
    raw: draft.raw,
  };
  const url = optionalText(draft.url);
  if (url !== undefined) post.url = url;
  if (prepared.language !== undefined) post.language = prepared.language;
  const replyTo = optionalText(draft.replyToPlatformId);
  if (replyTo !== undefined) post.replyToPlatformId = replyTo;
  const replyToHandle = optionalText(draft.replyToHandle);
  if (replyToHandle !== undefined) post.replyToHandle = stripAt(replyToHandle);
  if (prepared.truncated) post.truncated = true;
  if (draft.demo) post.demo = true;
  return post;
}

/**
 * Validates and completes a draft. Throws `validation_failed` for an empty id or text, an unknown
 * platform or an invalid date. A text longer than MAX_TEXT_LENGTH is cut and `truncated` is set.
 */
export function normalizePost(draft: PostDraft): NormalizedPost {
  return finishPost(prepareDraft(draft));
}
