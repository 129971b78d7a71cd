/**
 * Splits a byte stream into records without ever holding more than one record in memory, so
 * files of any size stream through. Works on bytes, not text: the delimiters (`\n`, `\r`, `"`) are
 * ASCII, which never occur inside a multi-byte UTF-8 sequence, and decoding per record lets one
 * broken record be reported without losing the rest. A line ends at LF, CRLF or a bare CR (old
 * Mac exports), so a bare CR never merges two lines.
 */

export interface RawRecord {
  /** 1-based line on which the record starts. */
  line: number;
  /** 1-based line on which the record ends: past `line` when a quoted field spans lines. */
  lastLine: number;
  /** Byte offset at which the record starts. */
  start: number;
  /** The record without its line ending. Valid only until the next record is requested. */
  bytes: Uint8Array;
  /** Byte offset just past the record's line ending: how far into the input this record reaches. */
  end: number;
  /** The record exceeded the size limit; its bytes were dropped. */
  tooLong?: boolean;
  /** The input ended inside a quoted field. */
  unterminated?: boolean;
}

export interface SplitOptions {
  /** CSV: newlines inside double quotes do not end a record. */
  quoted: boolean;
  /** Guards memory against a runaway quoted field or a file with no line breaks. */
  maxRecordBytes: number;
  /** Where the input sits in a larger one: its first line and byte offset (re-reading a part). */
  firstLine?: number;
  firstOffset?: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function* splitRecords(
  source: AsyncIterable<Uint8Array>,
  options: SplitOptions,
): AsyncGenerator<RawRecord> {
  const { quoted, maxRecordBytes } = options;
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  let line = options.firstLine ?? 1;
  let recordLine = line;
  let chunkOffset = options.firstOffset ?? 0;
  let recordStart = chunkOffset;
  let inQuotes = false;
  // After an over-long record, everything up to the next line break is discarded. Quotes are
  // ignored while skipping: the runaway quote is the likely cause, so trusting it would skip on.
  let skipping = false;
  let first = options.firstOffset === undefined;
  // The previous byte was a CR that ended a line: an LF right after it belongs to that line end.
  let afterCr = false;
  let previous = -1;

  for await (const input of source) {
    let chunk = input;
    let base = chunkOffset;
    chunkOffset += input.length;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        base += 3;
        recordStart = base;
      }
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      const before = previous;
      previous = b;
      if (afterCr) {
        afterCr = false;
        if (b === LF) {
          start = i + 1;
          recordStart = base + i + 1;
          continue;
        }
      }
      if (b === QUOTE) {
        if (quoted && !skipping) inQuotes = !inQuotes;
        continue;
      }
      if (b !== LF && b !== CR) continue;
      line++;
      if (inQuotes) {
        // A CRLF inside a quoted field is one line break, not two.
        if (b === LF && before === CR) line--;
        continue;
      }
      const tail = chunk.subarray(start, i);
      const length = partsLength + tail.length;
      const at = { line: recordLine, lastLine: line - 1, start: recordStart, end: base + i + 1 };
      if (skipping || length > maxRecordBytes) {
        skipping = false;
        yield { ...at, bytes: new Uint8Array(0), tooLong: true };
      } else {
        yield { ...at, bytes: parts.length === 0 ? tail : concat([...parts, tail], length) };
      }
      parts = [];
      partsLength = 0;
      recordLine = line;
      start = i + 1;
      recordStart = base + i + 1;
      afterCr = b === CR;
    }
    if (skipping || start >= chunk.length) continue;
    const rest = chunk.subarray(start);
    if (partsLength + rest.length > maxRecordBytes) {
      parts = [];
      partsLength = 0;
      inQuotes = false;
      skipping = true;
    } else {
      // Copy: the source may reuse its buffer for the next chunk.
      parts.push(rest.slice());
      partsLength += rest.length;
    }
  }

  const at = { line: recordLine, lastLine: line, start: recordStart, end: chunkOffset };
  if (skipping) {
    yield { ...at, bytes: new Uint8Array(0), tooLong: true };
  } else if (partsLength > 0 || inQuotes) {
    yield { ...at, bytes: concat(parts, partsLength), ...(inQuotes ? { unterminated: true } : {}) };
  }
}
