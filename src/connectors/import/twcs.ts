/**
 * The "Customer Support on Twitter" export (tweet_id, author_id, inbound, created_at, text,
 * response_tweet_id, in_response_to_tweet_id). `inbound` False marks a brand support account,
 * whose author_id is its handle; customers' ids are anonymised numbers.
 */
import type { PostDraft } from "../../pipeline/normalize.ts";
import type { LineError } from "./decode.ts";
import { idText, parseDate } from "./fields.ts";

export const TWCS_COLUMNS = [
  "tweet_id",
  "author_id",
  "inbound",
  "created_at",
  "text",
  "response_tweet_id",
  "in_response_to_tweet_id",
] as const;

export function isTwcsHeader(header: readonly string[]): boolean {
  return ["tweet_id", "author_id", "inbound", "in_response_to_tweet_id"].every((c) => header.includes(c));
}

const invalid = (reason: string): LineError => ({ code: "validation_failed", reason });

/** Maps one data row, given the file's header, to a draft or the reason it cannot be one. */
export function twcsRowToDraft(header: readonly string[], row: readonly string[]): PostDraft | LineError {
  if (row.length !== header.length) {
    return { code: "malformed_line", reason: `Expected ${header.length} fields, found ${row.length}` };
  }
  const raw: Record<string, string> = {};
  header.forEach((name, i) => {
    raw[name] = row[i]!;
  });
  const id = idText(raw.tweet_id);
  if (!id) return invalid("tweet_id is empty");
  const authorId = raw.author_id?.trim();
  if (!authorId) return invalid("author_id is empty");
  const inbound = raw.inbound?.trim().toLowerCase();
  if (inbound !== "true" && inbound !== "false")
    return invalid(`inbound must be True or False, not "${raw.inbound}"`);
  const createdAt = parseDate(raw.created_at ?? "");
  if (!createdAt) return invalid(`created_at "${raw.created_at ?? ""}" is not a date`);
  const draft: PostDraft = {
    platform: "x",
    platformId: id,
    text: raw.text ?? "",
    createdAt,
    author: { platformId: authorId, handle: authorId, isBrand: inbound === "false" },
    channel: "public",
    raw,
  };
  const replyTo = idText(raw.in_response_to_tweet_id);
  if (replyTo) draft.replyToPlatformId = replyTo;
  return draft;
}

/**
 * Rebuilds thread roots from reply links. The export lists replies before or after their parents
 * in no fixed order, so a root is "the oldest ancestor known so far" and can move up as more rows
 * arrive. Memory grows with the rows added: about 100 bytes per post.
 */
export class ThreadIndex {
  private readonly parentOf = new Map<string, string>();

  add(platformId: string, replyToPlatformId?: string): void {
    if (replyToPlatformId !== undefined && replyToPlatformId !== platformId) {
      this.parentOf.set(platformId, replyToPlatformId);
    }
  }

  /** The furthest known ancestor, which may be a post not imported; the post itself if no reply. */
  rootOf(platformId: string): string {
    let current = platformId;
    const visited = new Set<string>([current]);
    for (;;) {
      const parent = this.parentOf.get(current);
      // A cycle is corrupt data; stopping where it closes keeps one stable answer per post.
      if (parent === undefined || visited.has(parent)) return current;
      visited.add(parent);
      current = parent;
    }
  }
}
