/**
 * Import files arrive in the encoding of whatever exported them: spreadsheet programs write
 * UTF-16 with a byte-order mark, older tools Windows-1252 or Latin-1. The readers work on UTF-8
 * bytes, so other encodings are transcoded on the fly, one chunk at a time.
 */

export const IMPORT_ENCODINGS = [
  "auto",
  "utf-8",
  "utf-16le",
  "utf-16be",
  "windows-1252",
  "iso-8859-1",
  "iso-8859-15",
] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** Never valid in UTF-8: stands in for an unpaired UTF-16 surrogate, so its line is reported. */
const INVALID_UTF8 = 0xff;

/**
 * The input as UTF-8 bytes. `auto` reads a byte-order mark (UTF-8, UTF-16 LE or BE) and takes
 * UTF-8 without one; a UTF-8 input passes through untouched, so its broken bytes are still
 * reported per line.
 */
export async function* toUtf8(
  source: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding = "auto",
): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let head = new Uint8Array(0);
  // Two bytes tell a UTF-16 mark; chunks can be smaller than that.
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  const chosen = encoding === "auto" ? sniff(head) : encoding;
  if (chosen === "utf-8") {
    if (head.length > 0) yield head;
    yield* rest;
    return;
  }
  if (chosen === "utf-16le" || chosen === "utf-16be") {
    yield* fromUtf16(head, rest, chosen === "utf-16be");
    return;
  }
  // Single-byte encodings map every byte to a character: nothing can be malformed.
  const decoder = new TextDecoder(chosen);
  if (head.length > 0) yield Buffer.from(decoder.decode(head, { stream: true }), "utf8");
  for await (const chunk of rest) yield Buffer.from(decoder.decode(chunk, { stream: true }), "utf8");
  const last = decoder.decode();
  if (last) yield Buffer.from(last, "utf8");
}

function sniff(head: Uint8Array): "utf-8" | "utf-16le" | "utf-16be" {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}

async function* fromUtf16(
  head: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  bigEndian: boolean,
): AsyncGenerator<Uint8Array> {
  let carry: Uint8Array = new Uint8Array(0);
  let pendingHigh = "";
  let first = true;
  const convert = (chunk: Uint8Array, final: boolean): Uint8Array | null => {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    const even = bytes.length - (bytes.length % 2);
    carry = bytes.subarray(even);
    const units = Buffer.from(bytes.subarray(0, even));
    if (bigEndian) units.swap16();
    let text = pendingHigh + units.toString("utf16le");
    pendingHigh = "";
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A high surrogate at the end may be completed by the next chunk.
    const lastUnit = text.charCodeAt(text.length - 1);
    if (!final && lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
      pendingHigh = text.slice(-1);
      text = text.slice(0, -1);
    }
    const encoded = text.length > 0 ? encodeStrict(text) : null;
    // A file that ends on half a character: its last line is reported, not silently patched.
    if (final && carry.length > 0)
      return Buffer.concat([encoded ?? new Uint8Array(0), Uint8Array.of(INVALID_UTF8)]);
    return encoded;
  };
  const out = convert(head, false);
  if (out) yield out;
  for await (const chunk of rest) {
    const converted = convert(chunk, false);
    if (converted) yield converted;
  }
  const last = convert(new Uint8Array(0), true);
  if (last) yield last;
}

/** UTF-8 of the text, with a byte that is never valid UTF-8 where a surrogate is unpaired. */
function encodeStrict(text: string): Uint8Array {
  if (text.isWellFormed()) return Buffer.from(text, "utf8");
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    parts.push(Buffer.from(text.slice(from, i), "utf8"), Uint8Array.of(INVALID_UTF8));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), "utf8"));
  return Buffer.concat(parts);
}
