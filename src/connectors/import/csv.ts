/** RFC 4180 CSV, streamed: records may span lines through quoted fields. */
import { DEFAULT_MAX_RECORD_BYTES, decodeRecord, type LineError } from "./decode.ts";
import { type RawRecord, splitRecords } from "./records.ts";

export type CsvItem = { line: number; end: number } & ({ record: string[] } | { error: LineError });

/** Splits one record's text into fields; returns a reason string when the quoting is broken. */
export function parseCsvRecord(text: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return `A quoted field starting at column ${i + 1} is never closed`;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text.charCodeAt(i) !== 44 /* , */)
        return `Unexpected text after a closing quote at column ${i + 1}`;
      i++;
    } else {
      // Lenient on a stray quote inside an unquoted field (`5" screen`): it is kept as text.
      const comma = text.indexOf(",", i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

export interface CsvOptions {
  maxRecordBytes?: number;
  /**
   * Whether a record has the shape the file announces (its header's field count). A record
   * spanning several lines that does not is read again line by line, as is one that does not
   * parse: a stray quote must not swallow the good lines after it.
   */
  plausible?: (record: string[]) => boolean;
}

/** Re-reading stops after this many faults within one record: past it the rest is skipped. */
const MAX_REREADS = 100;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Offset just past the record's first line break, or -1 when it has none. */
function afterFirstLineBreak(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) return i + 1;
    if (bytes[i] === 13) return bytes[i + 1] === 10 ? i + 2 : i + 1;
  }
  return -1;
}

type Checked = { record: string[] } | { fault: string };

function check(raw: RawRecord, text: string, plausible: CsvOptions["plausible"]): Checked {
  if (raw.unterminated) return { fault: "the file ends inside a quoted field" };
  const record = parseCsvRecord(text);
  if (typeof record === "string") return { fault: record };
  if (raw.lastLine > raw.line && plausible && !plausible(record)) {
    return { fault: "the record does not have the header's fields" };
  }
  return { record };
}

/** Yields each record of a CSV byte stream, or an error for that record; blank lines are skipped. */
export async function* readCsv(
  source: AsyncIterable<Uint8Array>,
  options: CsvOptions = {},
): AsyncGenerator<CsvItem> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  for await (const outer of splitRecords(source, { quoted: true, maxRecordBytes })) {
    // A faulty record spanning lines is read again from its second line, in memory: it is no
    // larger than maxRecordBytes. `part` is the stretch of input being read.
    let part = { bytes: outer.bytes, start: outer.start };
    let records: AsyncIterable<RawRecord> = (async function* () {
      yield outer;
    })();
    let rereads = 0;
    let restart: RawRecord | null = null;
    do {
      restart = null;
      for await (const raw of records) {
        const { line, end } = raw;
        if (raw.tooLong) {
          const lines = raw.lastLine > line ? `Lines ${line} to ${raw.lastLine} are` : "The record is";
          const reason = `${lines} longer than ${maxRecordBytes} bytes together (an unclosed quote?); skipped`;
          yield { line, end, error: { code: "malformed_line", reason } };
          continue;
        }
        const text = decodeRecord(raw, maxRecordBytes);
        if (typeof text !== "string") {
          yield { line, end, error: text };
          continue;
        }
        if (text === "") continue;
        const checked = check(raw, text, options.plausible);
        if ("record" in checked) {
          yield { line, end, record: checked.record };
          continue;
        }
        const cut = raw.lastLine > line ? afterFirstLineBreak(raw.bytes) : -1;
        if (cut < 0) {
          yield { line, end, error: { code: "malformed_line", reason: capitalized(checked.fault) } };
          continue;
        }
        rereads += 1;
        const again = rereads <= MAX_REREADS;
        const reason = again
          ? `A quoted field opened on line ${line} runs to line ${raw.lastLine} and ${checked.fault}: line ${line} is skipped, lines ${line + 1} to ${raw.lastLine} are read again`
          : `Lines ${line} to ${raw.lastLine} have too many unclosed quotes; skipped`;
        yield { line, end: again ? raw.start + cut : end, error: { code: "malformed_line", reason } };
        if (!again) continue;
        // Whatever else the current part held comes after this record: reading the rest of the
        // part from the record's second line covers it, so the current pass is abandoned.
        const from = raw.start + cut;
        restart = { ...raw, bytes: part.bytes.slice(from - part.start), line: line + 1, start: from };
        break;
      }
      if (restart) {
        part = { bytes: restart.bytes, start: restart.start };
        records = splitRecords(once(restart.bytes), {
          quoted: true,
          maxRecordBytes,
          firstLine: restart.line,
          firstOffset: restart.start,
        });
      }
    } while (restart);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
