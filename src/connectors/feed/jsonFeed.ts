/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */
import { collapseWhitespace, htmlToText } from "./htmlText.ts";
import {
  type EntryFault,
  type FeedAuthor,
  type FeedDocument,
  type FeedEntry,
  FeedUnreadable,
} from "./model.ts";

const SOURCE_CHARS = 65_536;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function author(value: unknown): FeedAuthor | undefined {
  if (!isObject(value)) return undefined;
  const found: FeedAuthor = {};
  const name = str(value.name);
  const url = str(value.url);
  if (name) found.name = name;
  if (url) found.url = url;
  return name || url ? found : undefined;
}

/** 1.1 has `authors`, 1.0 `author`; the first readable one is the entry's. */
function firstAuthor(holder: Json): FeedAuthor | undefined {
  if (Array.isArray(holder.authors)) {
    for (const a of holder.authors) {
      const found = author(a);
      if (found) return found;
    }
  }
  return author(holder.author);
}

function cut(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SOURCE_CHARS ? text.slice(0, SOURCE_CHARS) : text;
}

export function readJsonFeed(text: string): FeedDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FeedUnreadable(
      "malformed_payload",
      `The feed is not valid JSON: ${(err as Error).message.slice(0, 200)}`,
    );
  }
  if (!isObject(data))
    throw new FeedUnreadable("unsupported_payload", "The JSON is not a JSON Feed (not an object)");
  const version = str(data.version);
  if (!version?.startsWith("https://jsonfeed.org/version/1")) {
    throw new FeedUnreadable(
      "unsupported_payload",
      "The JSON is not a JSON Feed (no jsonfeed.org version 1)",
    );
  }
  if (!Array.isArray(data.items))
    throw new FeedUnreadable("malformed_payload", "The JSON Feed has no items list");
  const feedAuthor = firstAuthor(data);
  const feedLanguage = str(data.language);
  const hub = Array.isArray(data.hubs)
    ? data.hubs.find((h): h is Json => isObject(h) && str(h.type)?.toLowerCase() === "websub" && !!str(h.url))
    : undefined;
  const doc: FeedDocument = {
    format: "json",
    title: str(data.title),
    link: str(data.home_page_url),
    language: feedLanguage,
    author: feedAuthor,
    hub: hub ? str(hub.url) : undefined,
    self: str(data.feed_url),
    entries: [],
  };
  for (const item of data.items) {
    doc.entries.push(readItem(item, feedAuthor, feedLanguage));
  }
  return doc;
}

function readItem(
  item: unknown,
  feedAuthor: FeedAuthor | undefined,
  feedLanguage?: string,
): FeedEntry | EntryFault {
  if (!isObject(item)) return { reason: "The item is not an object", source: cut(item) };
  // The id is a string in 1.1; 1.0 feeds sometimes give a number, which the spec says to read as text.
  const id = typeof item.id === "number" && Number.isFinite(item.id) ? String(item.id) : str(item.id);
  if (item.id !== undefined && id === undefined) {
    return { reason: "The item's id is neither text nor a number", source: cut(item) };
  }
  const html = str(item.content_html);
  const plain = str(item.content_text);
  const summary = str(item.summary);
  const bodyText =
    (html ? htmlToText(html) : undefined) ||
    (plain ? collapseWhitespace(plain) : undefined) ||
    summary ||
    undefined;
  const source = JSON.stringify(item).length > SOURCE_CHARS ? cut(item) : item;
  return {
    id,
    link: str(item.url) ?? str(item.external_url),
    title: str(item.title) ? collapseWhitespace(str(item.title)!) : undefined,
    body: bodyText,
    author: firstAuthor(item) ?? feedAuthor,
    published: str(item.date_published),
    updated: str(item.date_modified),
    language: str(item.language) ?? feedLanguage,
    source,
  };
}
