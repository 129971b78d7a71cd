/**
 * One email message, as the server holds it, to a post: MIME read by mailparser (multipart,
 * character sets, quoted-printable, base64, encoded words), HTML made plain text the way the feeds
 * do it (no script or style text, entities decoded once), attachments listed by name, type and
 * size and never opened. The post's id is the Message-ID; it answers the message named by
 * `In-Reply-To` (else the last of `References`); the author is the From address. A message whose
 * structure is broken (header lines that are not headers, a multipart without its boundary, no
 * From address) is a reject with a stable code, not a guess.
 */
import { createHash } from "node:crypto";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import type { NormalizedPost } from "../../domain/post.ts";
import { isParleyError } from "../../errors.ts";
import { LIMITS, normalizePost } from "../../pipeline/normalize.ts";
import type { Reject } from "../contract.ts";
import { collapseWhitespace, htmlToText } from "../feed/htmlText.ts";

const REJECT_PAYLOAD_CHARS = 4096;
/** Header lines read before the body; a longer header block is not a message. */
const MAX_HEADER_BYTES = 256 * 1024;

export interface Attachment {
  name: string;
  type: string;
  size: number;
}

export interface MessageOrigin {
  mailbox: string;
  uidValidity: string;
  uid: number;
  /** The server's arrival time, used when the Date header is missing or absurd. */
  internalDate?: Date;
  size?: number;
}

export class MalformedMessage extends Error {
  readonly code = "malformed_payload";
}

/** `<id@host>` → `id@host`; ids longer than the store's keys are replaced by their hash. */
export function bareMessageId(value: string): string {
  const id = value.trim().replace(/^<|>$/g, "").trim();
  if (Buffer.byteLength(id) <= LIMITS.id) return id;
  return `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

/** Every `<…>` id in a header's value (References holds many, In-Reply-To one). */
export function messageIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(" ") : value;
  const found = text.match(/<[^<>\s]+>/g);
  if (found) return found.map(bareMessageId);
  // Some senders leave out the angle brackets.
  return text
    .split(/\s+/)
    .filter((t) => t.includes("@"))
    .map(bareMessageId);
}

/**
 * Checks the parts of the structure mailparser forgives: every header line is a header or its
 * continuation, and a multipart's boundary is given and occurs in the body.
 */
export function checkStructure(raw: Buffer): void {
  const head = raw.subarray(0, Math.min(raw.length, MAX_HEADER_BYTES + 4)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0 && raw.length > MAX_HEADER_BYTES)
    throw new MalformedMessage("The header block has no end within 256 KB");
  const headerText = end < 0 ? head : head.slice(0, end);
  const lines = headerText.split(/\r?\n/);
  if (lines.length === 0 || lines[0] === "") throw new MalformedMessage("The message has no headers");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^[ \t]/.test(line)) {
      if (i === 0) throw new MalformedMessage("The message starts with a folded line");
      continue;
    }
    if (!/^[\x21-\x39\x3b-\x7e]+:/.test(line))
      throw new MalformedMessage(`Header line ${i + 1} is not a header (name: value)`);
  }
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, " ");
  const type = /^content-type:(.*)$/im.exec(unfolded)?.[1] ?? "";
  if (/^\s*multipart\//i.test(type)) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) throw new MalformedMessage("A multipart message without a boundary");
    if (!raw.includes(`--${value}`, Math.max(end, 0)))
      throw new MalformedMessage("The multipart boundary never occurs");
  }
}

function firstAddress(
  field: AddressObject | AddressObject[] | undefined,
): { address: string; name?: string } | null {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const group of list)
    for (const entry of group.value) {
      const address = entry.address?.trim();
      if (address && /^[^\s@]+@[^\s@]+$/.test(address)) {
        const name = entry.name?.trim();
        return { address: address.toLowerCase(), ...(name ? { name } : {}) };
      }
    }
  return null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((g) => g.value.flatMap((e) => (e.address ? [e.address.toLowerCase()] : [])));
}

/** A file name as a line of text: no controls, no path, at most 200 characters. */
function safeName(name: string | undefined): string {
  const clean = (name ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/^.*[\\/]/, "")
    .trim();
  return (clean || "unnamed").slice(0, 200);
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The message's own words: the quoted message it answers (a trailing block of `>` lines and the
 * "On … wrote:" line that leads it) is dropped, as the thread already holds it.
 */
export function withoutTrailingQuote(text: string): string {
  const lines = text.split("\n");
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.trim() === "" || lines[end - 1]!.startsWith(">"))) end--;
  if (end === lines.length) return text;
  if (end > 0 && /\bwrote:\s*$/.test(lines[end - 1]!)) end--;
  const kept = lines.slice(0, end).join("\n").trimEnd();
  return kept.length > 0 ? kept : text;
}

/** The plain text part when there is one (HTML-to-text is left to `htmlToText`), else the HTML's text. */
export function bodyText(parsed: ParsedMail): string {
  if (typeof parsed.text === "string" && parsed.text.trim() !== "")
    return collapseWhitespace(withoutTrailingQuote(parsed.text.replace(/\r\n?/g, "\n")));
  if (typeof parsed.html === "string") return htmlToText(parsed.html);
  return collapseWhitespace(parsed.text ?? "");
}

export interface ReadMessage {
  post: NormalizedPost;
  subject: string;
  references: string[];
  attachments: Attachment[];
}

/** Parses one message; throws `MalformedMessage` or the normaliser's `ParleyError`. */
export async function readMessage(
  raw: Buffer,
  origin: MessageOrigin,
  options: { brandAddress: string; now: number },
): Promise<ReadMessage> {
  checkStructure(raw);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  } catch (err) {
    throw new MalformedMessage(`The message could not be read: ${(err as Error).message}`);
  }
  const from = firstAddress(parsed.from);
  if (!from) throw new MalformedMessage("The message has no From address");
  const id = parsed.messageId
    ? bareMessageId(parsed.messageId)
    : // Without a Message-ID the content names it, so the same message read twice is one post.
      `sha256:${createHash("sha256").update(raw).digest("hex")}`;
  const inReplyTo = messageIds(parsed.inReplyTo);
  const references = messageIds(parsed.references);
  const parent = inReplyTo[0] ?? references.at(-1);
  const subject = collapseWhitespace(parsed.subject ?? "");
  const attachments: Attachment[] = parsed.attachments
    .filter((a) => a.contentDisposition === "attachment" || !a.related)
    .map((a) => ({
      name: safeName(a.filename),
      type: a.contentType || "application/octet-stream",
      size: a.size,
    }));
  const body = bodyText(parsed);
  const listed = attachments.map((a) => `Attachment: ${a.name} (${a.type}, ${humanSize(a.size)})`);
  const text = [subject, body, listed.join("\n")].filter((p) => p.length > 0).join("\n\n") || "(no text)";
  const date = parsed.date && Number.isFinite(parsed.date.getTime()) ? parsed.date : undefined;
  // A Date far in the future is a wrong clock or a forgery: the arrival time is kept instead.
  const createdAt =
    date && date.getTime() <= options.now + 24 * 60 * 60_000
      ? date
      : (origin.internalDate ?? new Date(options.now));
  const post = normalizePost({
    platform: "email",
    platformId: id,
    text,
    createdAt,
    author: {
      platformId: from.address,
      handle: from.address,
      ...(from.name ? { name: from.name } : {}),
      ...(from.address === options.brandAddress.toLowerCase() ? { isBrand: true } : {}),
    },
    ...(parent && parent !== id ? { replyToPlatformId: parent } : {}),
    channel: "private",
    raw: {
      messageId: id,
      subject,
      from: from.address,
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      date: date?.toISOString(),
      inReplyTo,
      references,
      attachments,
      mailbox: origin.mailbox,
      uidValidity: origin.uidValidity,
      uid: origin.uid,
      size: origin.size ?? raw.length,
    },
  });
  return { post, subject, references, attachments };
}

/** A message read into a post or a reject with its stable code. */
export async function messageToPost(
  raw: Buffer,
  origin: MessageOrigin,
  options: { brandAddress: string; now: number },
): Promise<{ post: NormalizedPost } | { reject: Reject }> {
  try {
    return { post: (await readMessage(raw, origin, options)).post };
  } catch (err) {
    const payload = raw
      .subarray(0, REJECT_PAYLOAD_CHARS * 2)
      .toString("utf8")
      .slice(0, REJECT_PAYLOAD_CHARS);
    if (err instanceof MalformedMessage)
      return { reject: { code: err.code, reason: `Message UID ${origin.uid}: ${err.message}`, payload } };
    if (isParleyError(err))
      return { reject: { code: err.code, reason: `Message UID ${origin.uid}: ${err.message}`, payload } };
    throw err;
  }
}

export function cutPayload(text: string): string {
  return text.length > REJECT_PAYLOAD_CHARS ? text.slice(0, REJECT_PAYLOAD_CHARS) : text;
}
