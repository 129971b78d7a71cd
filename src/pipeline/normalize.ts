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
  type QuotedPost,
} from "../domain/post.ts";
import { findUnstorable, isStorableTime, unstorableReason, utf8Length } from "../domain/storableText.ts";
import { ParleyError } from "../errors.ts";

/** Beyond this a post is a document, not a message; the full text stays in `raw`. */
export const MAX_TEXT_LENGTH = 20_000;

/**
 * Limits in UTF-8 bytes. Ids, handles and URLs are index keys: PostgreSQL refuses a btree entry
 * over about 2,700 bytes, so a longer one would fail the whole batch it is stored in.
 */
export const LIMITS = {
  id: 256,
  handle: 256,
  name: 1024,
  url: 2048,
  language: 35,
} as const;

/** Counts are stored as 32-bit integers. */
export const MAX_COUNT = 2_147_483_647;

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
  quotes?: QuotedPost;
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

/** Rejects text the stores cannot keep (`invalid_encoding`) or longer than its limit. */
function checkText(field: string, value: string, maxBytes?: number): void {
  const reason = unstorableReason(value);
  if (reason) throw new ParleyError("invalid_encoding", `${field} ${reason}`);
  if (maxBytes !== undefined && value.length * 3 > maxBytes && utf8Length(value) > maxBytes) {
    reject(`${field} is longer than ${maxBytes} bytes`);
  }
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
  checkText("The author's handle", handle, LIMITS.handle);
  checkText("The author's id", platformId, LIMITS.id);
  const author: AuthorRef = { platform, platformId, handle: handle || platformId };
  const name = optionalText(draft.name);
  if (name !== undefined) {
    checkText("The author's name", name, LIMITS.name);
    author.name = name;
  }
  if (draft.followers !== undefined) {
    if (!Number.isFinite(draft.followers) || draft.followers < 0 || draft.followers > MAX_COUNT) {
      reject(`The follower count ${draft.followers} is not a count (0 to ${MAX_COUNT})`);
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
  checkText("The post's id", platformId, LIMITS.id);
  if (!isPlatform(draft.platform)) reject(`Unknown platform "${draft.platform.slice(0, 50)}"`);
  const platform = draft.platform;
  const time = draft.createdAt.getTime();
  if (Number.isNaN(time)) reject("The post has an invalid date");
  if (!isStorableTime(time)) {
    reject(`The post's date ${draft.createdAt.toISOString()} is outside 1970 to 9999`);
  }
  let text = draft.text.trim();
  if (!text) reject("The post has no text");
  checkText("The text", text);
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
  if (language !== undefined) {
    checkText("The language", language, LIMITS.language);
    prepared.language = language;
  }
  return prepared;
}

/** A post's link is shown as a link: only the web's own schemes, so no `javascript:` ever is. */
function checkUrl(url: string): void {
  checkText("The URL", url, LIMITS.url);
  if (!/^https?:\/\/[^\s/]/i.test(url)) reject("The URL is not an http or https address");
}

/**
 * The second half: checks the remaining fields, derives mentions and hashtags and copies the
 * optional fields. Throws like `prepareDraft`.
 */
export function finishPost(prepared: PreparedDraft): NormalizedPost {
  const { draft, text } = prepared;
  const url = optionalText(draft.url);
  if (url !== undefined) checkUrl(url);
  const replyTo = optionalText(draft.replyToPlatformId);
  if (replyTo !== undefined) checkText("The id of the post replied to", replyTo, LIMITS.id);
  const replyToHandle = optionalText(draft.replyToHandle);
  if (replyToHandle !== undefined) checkText("The handle replied to", replyToHandle, LIMITS.handle);
  // The payload is stored too (as JSON): what it holds must be storable as well.
  const inRaw = findUnstorable(draft.raw);
  if (inRaw) {
    const where = inRaw.path ? `The field ${inRaw.path.slice(0, 100)}` : "The payload";
    if (inRaw.nesting) reject(`${where} ${inRaw.reason}`);
    throw new ParleyError("invalid_encoding", `${where} ${inRaw.reason}`);
  }
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
  if (url !== undefined) post.url = url;
  if (prepared.language !== undefined) post.language = prepared.language;
  if (replyTo !== undefined) post.replyToPlatformId = replyTo;
  if (replyToHandle !== undefined) post.replyToHandle = stripAt(replyToHandle);
  const quoted = optionalText(draft.quotes?.platformId);
  if (quoted !== undefined) {
    checkText("The id of the post quoted", quoted, LIMITS.id);
    const quotes: QuotedPost = { platformId: quoted };
    const authorId = optionalText(draft.quotes?.authorPlatformId);
    if (authorId !== undefined) {
      checkText("The id of the quoted post's author", authorId, LIMITS.id);
      quotes.authorPlatformId = authorId;
    }
    const authorHandle = optionalText(draft.quotes?.authorHandle);
    if (authorHandle !== undefined) {
      checkText("The handle of the quoted post's author", authorHandle, LIMITS.handle);
      quotes.authorHandle = stripAt(authorHandle);
    }
    post.quotes = quotes;
  }
  if (prepared.truncated) post.truncated = true;
  if (draft.demo) post.demo = true;
  return post;
}

/**
 * Validates and completes a draft. Throws `validation_failed` for an empty id or text, an unknown
 * platform, a date outside 1970 to 9999, a count or field past its limit, or a URL that is not
 * http(s); `invalid_encoding` for text holding NUL or an unpaired surrogate. A text longer than MAX_TEXT_LENGTH is cut and `truncated` is set.
 */
export function normalizePost(draft: PostDraft): NormalizedPost {
  return finishPost(prepareDraft(draft));
}
