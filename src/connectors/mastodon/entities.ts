/**
 * The parts of Mastodon's REST entities Parley reads (Status, Account, Notification), checked as
 * they arrive, and a status turned into a post draft. Status ids are the instance's own, ordered
 * as numbers written in decimal (compare with `compareIds`).
 */
import { z } from "zod";
import type { PostDraft } from "../../pipeline/normalize.ts";
import { htmlToText } from "../feed/htmlText.ts";

export const account = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().nullish(),
  followers_count: z.number().int().nonnegative().nullish(),
  bot: z.boolean().nullish(),
  url: z.string().nullish(),
});

const baseStatus = z.object({
  id: z.string().min(1),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  /** When the author last edited it (absent on servers before 3.5). */
  edited_at: z.string().nullish(),
  account,
  content: z.string(),
  spoiler_text: z.string().nullish(),
  visibility: z.enum(["public", "unlisted", "private", "direct"]),
  language: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  in_reply_to_account_id: z.string().nullish(),
  mentions: z.array(z.object({ id: z.string(), username: z.string(), acct: z.string() })).default([]),
  tags: z.array(z.object({ name: z.string() })).default([]),
  /**
   * The status it quotes (Mastodon 4.5): in full (`quoted_status`) or by id (`quoted_status_id`),
   * shown only once the quoted author accepted (`state`).
   */
  quote: z
    .object({
      state: z.string(),
      quoted_status: z.object({ id: z.string().min(1), account }).nullish(),
      quoted_status_id: z.string().nullish(),
    })
    .nullish(),
});

export const status = baseStatus.extend({ reblog: baseStatus.nullish() });
export type Status = z.infer<typeof status>;

export const notification = z.object({
  id: z.string().min(1),
  type: z.string(),
  created_at: z.string(),
  status: status.nullish(),
});

/** Orders Mastodon ids: decimal strings of any length (snowflakes outgrow a double's precision). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const httpUrl = (value: string | null | undefined): string | undefined =>
  value && /^https?:\/\//i.test(value) ? value : undefined;

/** A status (a boost: the boosted one) as a post draft; `normalizePost` applies the shared limits. */
export function statusToDraft(input: Status): PostDraft {
  const s = input.reblog ?? input;
  const body = htmlToText(s.content);
  const warning = s.spoiler_text ? htmlToText(s.spoiler_text) : "";
  const replyTo = s.in_reply_to_account_id
    ? s.mentions.find((m) => m.id === s.in_reply_to_account_id)?.acct
    : undefined;
  const q = s.quote?.state === "accepted" ? s.quote : undefined;
  const quotedId = q?.quoted_status?.id ?? q?.quoted_status_id ?? undefined;
  const quoted = quotedId
    ? {
        platformId: quotedId,
        ...(q?.quoted_status
          ? { authorPlatformId: q.quoted_status.account.id, authorHandle: q.quoted_status.account.acct }
          : {}),
      }
    : undefined;
  return {
    platform: "mastodon",
    platformId: s.id,
    url: httpUrl(s.url) ?? httpUrl(s.uri),
    // A content warning is part of what the author said: it leads the text.
    text: warning ? `${warning}\n\n${body}` : body,
    createdAt: new Date(s.created_at),
    author: {
      platformId: s.account.id,
      handle: s.account.acct,
      ...(s.account.display_name ? { name: s.account.display_name } : {}),
      ...(typeof s.account.followers_count === "number" ? { followers: s.account.followers_count } : {}),
    },
    ...(s.language ? { language: s.language } : {}),
    ...(s.in_reply_to_id ? { replyToPlatformId: s.in_reply_to_id } : {}),
    ...(replyTo ? { replyToHandle: replyTo } : {}),
    ...(quoted ? { quotes: quoted } : {}),
    channel: s.visibility === "direct" ? "private" : "public",
    raw: input,
  };
}

/** Handles and hashtags as the status lists them (lower-case), beside what the text shows. */
export function statusTags(input: Status): { mentions: string[]; hashtags: string[] } {
  const s = input.reblog ?? input;
  const mentions = new Set<string>();
  for (const m of s.mentions) {
    mentions.add(m.acct.toLowerCase());
    mentions.add(m.username.toLowerCase());
  }
  return { mentions: [...mentions], hashtags: [...new Set(s.tags.map((t) => t.name.toLowerCase()))] };
}

/** The URL a `Link` header names for `rel`, if any. */
export function linkTarget(header: string | null, rel: "next" | "prev"): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rels = /\brel="?([^";]+)"?/.exec(match[2]!)?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(rel)) return match[1];
  }
  return undefined;
}
