/**
 * A fetched body to a FeedDocument: the character set from the byte-order mark, the HTTP
 * header or the XML declaration; JSON Feed or XML by the first character; then the format's reader.
 */
import { readJsonFeed } from "./jsonFeed.ts";
import { type FeedDocument, FeedUnreadable } from "./model.ts";
import { parseXml, XmlMalformed } from "./xml.ts";
import { readXmlFeed } from "./xmlFeeds.ts";

function charsetOf(body: Buffer, contentType: string | null): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  const header = contentType ? /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  if (header) return header;
  // The XML declaration is ASCII whatever the encoding that follows it.
  const head = body.subarray(0, 200).toString("latin1");
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? "utf-8";
}

export function decodeBody(body: Buffer, contentType: string | null): string {
  const label = charsetOf(body, contentType);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new FeedUnreadable(
      "malformed_payload",
      `The feed's character set "${label.slice(0, 40)}" is not known`,
    );
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new FeedUnreadable("malformed_payload", `The feed is not valid ${label.slice(0, 40)} text`);
  }
}

export function parseFeed(body: Buffer, contentType: string | null): FeedDocument {
  const text = decodeBody(body, contentType);
  const start = text.search(/\S/);
  if (start < 0) throw new FeedUnreadable("malformed_payload", "The feed is empty");
  if (text[start] === "{") return readJsonFeed(text);
  if (text[start] !== "<") {
    throw new FeedUnreadable("malformed_payload", "The body is neither XML nor JSON");
  }
  let root: ReturnType<typeof parseXml>;
  const document = text.slice(start);
  try {
    root = parseXml(document);
  } catch (err) {
    if (err instanceof XmlMalformed) {
      throw new FeedUnreadable("malformed_payload", `The feed is not well-formed XML: ${err.message}`);
    }
    throw err;
  }
  return readXmlFeed(root, document);
}
