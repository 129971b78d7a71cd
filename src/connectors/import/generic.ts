/**
 * Parley's own import formats: a CSV with a header row (id,text,author,created_at,url,platform,
 * reply_to,followers,verified; only id and text required, any order) and JSON Lines with
 * {id, text, author: {handle, name, followers, verified} | "handle", created_at, url, platform,
 * reply_to, reply_to_handle, channel, language}.
 */
import type { Platform } from "../../domain/post.ts";
import type { AuthorDraft, PostDraft } from "../../pipeline/normalize.ts";
import type { LineError } from "./decode.ts";
import { count, flag, idText, parseDate, text } from "./fields.ts";

export interface GenericContext {
  /** Platform of rows that name none. */
  defaultPlatform: Platform;
  /** Date of rows without created_at: the import time, since the post did exist by then. */
  now: Date;
}

/** The author of a row that names none: one shared placeholder, so it is not counted as many. */
export const UNKNOWN_AUTHOR = "unknown";

const invalid = (reason: string): LineError => ({ code: "validation_failed", reason });

export function isGenericCsvHeader(header: readonly string[]): boolean {
  return header.includes("id") && header.includes("text");
}

interface Fields {
  id: unknown;
  text: unknown;
  createdAt: unknown;
  platform: unknown;
  url: unknown;
  replyTo: unknown;
  replyToHandle: unknown;
  channel: unknown;
  language: unknown;
  author: AuthorDraft | LineError;
}

function toDraft(f: Fields, raw: unknown, ctx: GenericContext): PostDraft | LineError {
  const id = idText(f.id);
  if (!id) return invalid("id is missing");
  const body = text(f.text);
  if (body === undefined) return invalid("text is missing");
  if ("code" in f.author) return f.author;
  let createdAt = ctx.now;
  if (f.createdAt !== undefined && f.createdAt !== null && f.createdAt !== "") {
    const parsed =
      typeof f.createdAt === "string" || typeof f.createdAt === "number" ? parseDate(f.createdAt) : undefined;
    if (!parsed) return invalid(`created_at ${JSON.stringify(f.createdAt)} is not a date`);
    createdAt = parsed;
  }
  const platform = text(f.platform)?.trim().toLowerCase() ?? ctx.defaultPlatform;
  const channel = f.channel ?? "public";
  if (channel !== "public" && channel !== "private") return invalid(`channel must be public or private`);
  const draft: PostDraft = {
    platform,
    platformId: id,
    text: body,
    createdAt,
    author: f.author,
    channel,
    raw,
  };
  const url = text(f.url);
  if (url !== undefined) draft.url = url;
  const replyTo = idText(f.replyTo);
  if (replyTo !== undefined) draft.replyToPlatformId = replyTo;
  const replyToHandle = text(f.replyToHandle);
  if (replyToHandle !== undefined) draft.replyToHandle = replyToHandle;
  const language = text(f.language);
  if (language !== undefined) draft.language = language;
  return draft;
}

function author(
  handleValue: unknown,
  name: unknown,
  followers: unknown,
  verified: unknown,
): AuthorDraft | LineError {
  const handle = idText(handleValue) ?? UNKNOWN_AUTHOR;
  const a: AuthorDraft = { handle };
  const n = text(name);
  if (n !== undefined) a.name = n;
  const f = count(followers);
  if (f === null) return invalid(`followers ${JSON.stringify(followers)} is not a count`);
  if (f !== undefined) a.followers = f;
  const v = flag(verified);
  if (v === null) return invalid(`verified ${JSON.stringify(verified)} is not true or false`);
  if (v !== undefined) a.verified = v;
  return a;
}

export function csvRowToDraft(
  header: readonly string[],
  row: readonly string[],
  ctx: GenericContext,
): PostDraft | LineError {
  if (row.length !== header.length) {
    return { code: "malformed_line", reason: `Expected ${header.length} fields, found ${row.length}` };
  }
  const raw: Record<string, string> = {};
  header.forEach((name, i) => {
    raw[name] = row[i]!;
  });
  return toDraft(
    {
      id: raw.id,
      text: raw.text,
      createdAt: raw.created_at,
      platform: raw.platform,
      url: raw.url,
      replyTo: raw.reply_to,
      replyToHandle: raw.reply_to_handle,
      channel: raw.channel || undefined,
      language: raw.language,
      author: author(raw.author, raw.name, raw.followers, raw.verified),
    },
    raw,
    ctx,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function jsonToDraft(value: unknown, ctx: GenericContext): PostDraft | LineError {
  if (!isRecord(value)) return invalid("The line is not a JSON object");
  const a = value.author;
  const authorDraft = isRecord(a)
    ? author(a.handle ?? a.id, a.name, a.followers, a.verified)
    : author(a, undefined, undefined, undefined);
  if (isRecord(a) && !("code" in authorDraft)) {
    const authorId = idText(a.id);
    if (authorId !== undefined) authorDraft.platformId = authorId;
  }
  return toDraft(
    {
      id: value.id,
      text: value.text,
      createdAt: value.created_at,
      platform: value.platform,
      url: value.url,
      replyTo: value.reply_to,
      replyToHandle: value.reply_to_handle,
      channel: value.channel,
      language: value.language ?? value.lang,
      author: authorDraft,
    },
    value,
    ctx,
  );
}
