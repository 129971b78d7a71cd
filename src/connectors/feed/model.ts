/** A feed as the parsers read it, whatever its format: the entries in document order. */

export type FeedFormat = "rss2" | "rss1" | "atom" | "json";

export interface FeedAuthor {
  name?: string;
  email?: string;
  url?: string;
}

export interface FeedEntry {
  id?: string;
  /** The entry's page, as written (maybe relative). */
  link?: string;
  /** Plain text. */
  title?: string;
  /** The entry's body as plain text (from its content, or its summary when it has none). */
  body?: string;
  author?: FeedAuthor;
  /** Dates as written in the feed. */
  published?: string;
  updated?: string;
  language?: string;
  /** The entry as it came (XML text or the JSON item), for audit and dead letters. */
  source: unknown;
}

/** An entry the parser could not read, with why. */
export interface EntryFault {
  reason: string;
  source: string;
}

export interface FeedDocument {
  format: FeedFormat;
  title?: string;
  link?: string;
  language?: string;
  author?: FeedAuthor;
  /** WebSub hub and the feed's own URL for it, when the feed advertises them. */
  hub?: string;
  self?: string;
  entries: (FeedEntry | EntryFault)[];
}

export function isFault(item: FeedEntry | EntryFault): item is EntryFault {
  return "reason" in item;
}

/** The document could not be read as a feed at all. */
export class FeedUnreadable extends Error {
  /** `malformed_payload`: it does not parse; `unsupported_payload`: it parses but is no feed. */
  readonly code: "malformed_payload" | "unsupported_payload";
  constructor(code: "malformed_payload" | "unsupported_payload", message: string) {
    super(message);
    this.name = "FeedUnreadable";
    this.code = code;
  }
}
