/**
 * Splits a byte stream into records without ever holding more than one record in memory, so
 * files of any size stream through. Works on bytes, not text: the delimiters (`\n`, `"`) are ASCII,
 * which never occur inside a multi-byte UTF-8 sequence, and decoding per record lets one broken
 * record be reported without losing the rest.
 */

export interface RawRecord {
  /** 1-based line on which the record starts. */
  line: number;
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

function withoutCr(bytes: Uint8Array): Uint8Array {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

export async function* splitRecords(
  source: AsyncIterable<Uint8Array>,
  options: SplitOptions,
): AsyncGenerator<RawRecord> {
  const { quoted, maxRecordBytes } = options;
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  let recordLine = 1;
  let line = 1;
  let chunkOffset = 0;
  let inQuotes = false;
  // After an over-long record, everything up to the next line break is discarded. Quotes are
  // ignored while skipping: the runaway quote is the likely cause, so trusting it would skip on.
  let skipping = false;
  let first = true;

  for await (const input of source) {
    let chunk = input;
    let base = chunkOffset;
    chunkOffset += input.length;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        base += 3;
      }
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) {
        if (quoted && !skipping) inQuotes = !inQuotes;
        continue;
      }
      if (b !== LF) continue;
      line++;
      if (inQuotes) continue;
      const tail = chunk.subarray(start, i);
      const length = partsLength + tail.length;
      if (skipping || length > maxRecordBytes) {
        skipping = false;
        yield { line: recordLine, bytes: new Uint8Array(0), end: base + i + 1, tooLong: true };
      } else {
        const bytes = parts.length === 0 ? tail : concat([...parts, tail], length);
        yield { line: recordLine, bytes: withoutCr(bytes), end: base + i + 1 };
      }
      parts = [];
      partsLength = 0;
      recordLine = line;
      start = i + 1;
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

  if (skipping) {
    yield { line: recordLine, bytes: new Uint8Array(0), end: chunkOffset, tooLong: true };
  } else if (partsLength > 0 || inQuotes) {
    const bytes = withoutCr(concat(parts, partsLength));
    yield { line: recordLine, bytes, end: chunkOffset, ...(inQuotes ? { unterminated: true } : {}) };
  }
}
