/** RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 read from their XML tree. */
import { htmlToText } from "./htmlText.ts";
import { type FeedAuthor, type FeedDocument, type FeedEntry, FeedUnreadable } from "./model.ts";
import { atomText, htmlElementText } from "./textConstruct.ts";
import { child, childrenNamed, childText, sourceOf, type XmlElement } from "./xml.ts";

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rss1: "http://purl.org/rss/1.0/",
  rss090: "http://my.netscape.com/rdf/simple/0.9/",
  dc: "http://purl.org/dc/elements/1.1/",
  content: "http://purl.org/rss/1.0/modules/content/",
} as const;

/** An entry that cannot be read as a whole: its text is cut for the dead letters. */
const SOURCE_CHARS = 65_536;

export function readXmlFeed(root: XmlElement, document: string): FeedDocument {
  if (root.uri === "" && root.local === "rss") return readRss2(root, document);
  if (root.uri === NS.rdf && root.local === "RDF") return readRss1(root, document);
  if (root.uri === NS.atom && root.local === "feed") return readAtom(root, document);
  throw new FeedUnreadable(
    "unsupported_payload",
    `The document is XML but not a feed (its root is <${root.local}>${root.uri ? ` in ${root.uri}` : ""})`,
  );
}

/** `jane@example.com (Jane Doe)` as RSS writes authors, or a plain name. */
export function parseRssAuthor(value: string | undefined): FeedAuthor | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const m = /^([^\s()<>]+@[^\s()<>]+)\s*(?:\((.*)\))?$/.exec(v);
  if (m) return { email: m[1], ...(m[2]?.trim() ? { name: m[2].trim() } : {}) };
  return { name: v };
}

/** Atom links by relation; an absent rel means "alternate". */
function atomLink(el: XmlElement | undefined, rel: string, uri: string = NS.atom): string | undefined {
  for (const link of childrenNamed(el, uri, "link")) {
    if ((link.attrs.rel ?? "alternate") === rel && link.attrs.href) return link.attrs.href.trim();
  }
  return undefined;
}

function body(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((c) => c !== undefined && c.length > 0);
}

function readRss2(root: XmlElement, document: string): FeedDocument {
  const channel = child(root, "", "channel");
  if (!channel) throw new FeedUnreadable("malformed_payload", "The RSS document has no <channel>");
  const doc: FeedDocument = {
    format: "rss2",
    title: htmlToText(childText(channel, "", "title") ?? "") || undefined,
    link: childText(channel, "", "link"),
    language: childText(channel, "", "language") ?? childText(channel, NS.dc, "language"),
    hub: atomLink(channel, "hub"),
    self: atomLink(channel, "self"),
    entries: [],
  };
  // RSS 0.91 and 2.0 put items in the channel; 0.9x feeds seen in the wild sometimes beside it.
  const items = [...childrenNamed(channel, "", "item"), ...childrenNamed(root, "", "item")];
  for (const item of items) {
    const guid = child(item, "", "guid");
    const guidText = guid?.text.trim() || undefined;
    const permalink = guidText && guid?.attrs.isPermaLink !== "false" && /^https?:/i.test(guidText);
    const entry: FeedEntry = {
      id: guidText,
      link: childText(item, "", "link") ?? (permalink ? guidText : undefined),
      title: htmlToText(childText(item, "", "title") ?? "") || undefined,
      body: body(
        htmlElementText(child(item, NS.content, "encoded")),
        htmlElementText(child(item, "", "description")),
      ),
      author: parseRssAuthor(childText(item, "", "author") ?? childText(item, NS.dc, "creator")),
      published: childText(item, "", "pubDate") ?? childText(item, NS.dc, "date"),
      updated: childText(item, NS.atom, "updated"),
      language: childText(item, NS.dc, "language"),
      source: sourceOf(item, document, SOURCE_CHARS),
    };
    doc.entries.push(entry);
  }
  return doc;
}

function readRss1(root: XmlElement, document: string): FeedDocument {
  const ns = child(root, NS.rss1, "channel") ? NS.rss1 : NS.rss090;
  const channel = child(root, ns, "channel");
  if (!channel) throw new FeedUnreadable("malformed_payload", "The RSS 1.0 document has no <channel>");
  const doc: FeedDocument = {
    format: "rss1",
    title: htmlToText(childText(channel, ns, "title") ?? "") || undefined,
    link: childText(channel, ns, "link"),
    language: childText(channel, NS.dc, "language"),
    hub: atomLink(channel, "hub"),
    self: atomLink(channel, "self"),
    entries: [],
  };
  for (const item of childrenNamed(root, ns, "item")) {
    doc.entries.push({
      id: item.attrs[`{${NS.rdf}}about`]?.trim() || undefined,
      link: childText(item, ns, "link"),
      title: htmlToText(childText(item, ns, "title") ?? "") || undefined,
      body: body(
        htmlElementText(child(item, NS.content, "encoded")),
        htmlElementText(child(item, ns, "description")),
      ),
      author: parseRssAuthor(childText(item, NS.dc, "creator")),
      published: childText(item, NS.dc, "date"),
      language: childText(item, NS.dc, "language"),
      source: sourceOf(item, document, SOURCE_CHARS),
    });
  }
  return doc;
}

function atomAuthor(el: XmlElement | undefined): FeedAuthor | undefined {
  const author = child(el, NS.atom, "author");
  if (!author) return undefined;
  const found: FeedAuthor = {};
  const name = childText(author, NS.atom, "name");
  const email = childText(author, NS.atom, "email");
  const url = childText(author, NS.atom, "uri");
  if (name) found.name = name;
  if (email) found.email = email;
  if (url) found.url = url;
  return name || email || url ? found : undefined;
}

function readAtom(root: XmlElement, document: string): FeedDocument {
  const feedAuthor = atomAuthor(root);
  const feedLanguage = root.attrs.lang;
  const doc: FeedDocument = {
    format: "atom",
    title: atomText(child(root, NS.atom, "title")),
    link: atomLink(root, "alternate"),
    language: feedLanguage,
    author: feedAuthor,
    hub: atomLink(root, "hub"),
    self: atomLink(root, "self"),
    entries: [],
  };
  for (const entry of childrenNamed(root, NS.atom, "entry")) {
    const content = child(entry, NS.atom, "content");
    // Content by reference (src) has no text here; the summary stands in.
    const contentText = content && !content.attrs.src ? atomText(content) : undefined;
    doc.entries.push({
      id: childText(entry, NS.atom, "id"),
      link: atomLink(entry, "alternate"),
      title: atomText(child(entry, NS.atom, "title")),
      body: body(contentText, atomText(child(entry, NS.atom, "summary"))),
      author: atomAuthor(entry) ?? atomAuthor(child(entry, NS.atom, "source")) ?? feedAuthor,
      published: childText(entry, NS.atom, "published"),
      updated: childText(entry, NS.atom, "updated"),
      language: entry.attrs.lang ?? content?.attrs.lang ?? feedLanguage,
      source: sourceOf(entry, document, SOURCE_CHARS),
    });
  }
  return doc;
}
