/**
 * A feed source's cursor: JSON in an opaque string. It holds what conditional GET needs (the
 * validators of the last answer), the WebSub hub the feed advertises, and short hashes of the
 * ids and links of recently seen entries, so an entry is posted once however often it stays in
 * the feed's window. The list is bounded: entries still in the feed are refreshed on every poll
 * and the oldest forgotten first, so only entries that left the feed long ago drop out.
 */
import { createHash } from "node:crypto";

/** Entries remembered at most; each holds up to two keys (id and link) of 11 characters. */
export const MAX_REMEMBERED_ENTRIES = 1000;
export const MAX_REMEMBERED_KEYS = 2 * MAX_REMEMBERED_ENTRIES;

export interface FeedCursor {
  v: 1;
  /** The URL the validators and entries belong to: a changed URL starts afresh. */
  url: string;
  etag?: string;
  lastModified?: string;
  hub?: string;
  self?: string;
  /** Hashes of `id:` and `link:` keys, oldest first. */
  seen: string[];
}

export function emptyCursor(url: string): FeedCursor {
  return { v: 1, url, seen: [] };
}

/**
 * Reads a cursor; one for another URL, from another version or that is not ours starts afresh
 * (the store's unique keys still keep the posts it would have skipped from being stored twice).
 */
export function readCursor(text: string | null, url: string): FeedCursor {
  if (!text) return emptyCursor(url);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return emptyCursor(url);
  }
  const c = data as Partial<FeedCursor>;
  if (typeof c !== "object" || c === null || c.v !== 1 || c.url !== url || !Array.isArray(c.seen)) {
    return emptyCursor(url);
  }
  const cursor: FeedCursor = {
    v: 1,
    url,
    seen: c.seen.filter((k) => typeof k === "string").slice(-MAX_REMEMBERED_KEYS),
  };
  if (typeof c.etag === "string") cursor.etag = c.etag;
  if (typeof c.lastModified === "string") cursor.lastModified = c.lastModified;
  if (typeof c.hub === "string") cursor.hub = c.hub;
  if (typeof c.self === "string") cursor.self = c.self;
  return cursor;
}

export function writeCursor(cursor: FeedCursor): string {
  return JSON.stringify(cursor);
}

/** 64 bits of SHA-256, base64url: 11 characters, collisions negligible among 2,000 keys. */
export function entryKey(kind: "id" | "link", value: string): string {
  return createHash("sha256").update(`${kind}:${value}`).digest().subarray(0, 8).toString("base64url");
}

/** The set of remembered keys, to be refreshed with this poll's entries and written back. */
export class SeenEntries {
  private readonly keys: Map<string, true>;
  constructor(seen: readonly string[]) {
    this.keys = new Map(seen.map((k) => [k, true]));
  }
  has(key: string): boolean {
    return this.keys.has(key);
  }
  /** Marks keys as seen now: moved to the newest end. */
  touch(keys: readonly string[]): void {
    for (const key of keys) {
      this.keys.delete(key);
      this.keys.set(key, true);
    }
  }
  /** The newest keys, at most the cap. */
  list(): string[] {
    const all = [...this.keys.keys()];
    return all.length > MAX_REMEMBERED_KEYS ? all.slice(-MAX_REMEMBERED_KEYS) : all;
  }
}
