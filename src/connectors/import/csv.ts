/** RFC 4180 CSV, streamed: records may span lines through quoted fields. */
import { DEFAULT_MAX_RECORD_BYTES, decodeRecord, type LineError } from "./decode.ts";
import { splitRecords } from "./records.ts";

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
}

/** Yields each record of a CSV byte stream, or an error for that record; blank lines are skipped. */
export async function* readCsv(
  source: AsyncIterable<Uint8Array>,
  options: CsvOptions = {},
): AsyncGenerator<CsvItem> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  for await (const raw of splitRecords(source, { quoted: true, maxRecordBytes })) {
    const { line, end } = raw;
    if (raw.unterminated) {
      yield { line, end, error: { code: "malformed_line", reason: "The file ends inside a quoted field" } };
      continue;
    }
    const text = decodeRecord(raw, maxRecordBytes);
    if (typeof text !== "string") {
      yield { line, end, error: text };
      continue;
    }
    if (text === "") continue;
    const record = parseCsvRecord(text);
    if (typeof record === "string") yield { line, end, error: { code: "malformed_line", reason: record } };
    else yield { line, end, record };
  }
}
