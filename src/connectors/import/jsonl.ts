/** JSON Lines, streamed: one value per line; a bad line is reported and the rest still read. */
import { DEFAULT_MAX_RECORD_BYTES, decodeRecord, type LineError } from "./decode.ts";
import { splitRecords } from "./records.ts";

export type JsonlItem = { line: number; end: number } & ({ value: unknown } | { error: LineError });

export interface JsonlOptions {
  maxRecordBytes?: number;
}

export async function* readJsonl(
  source: AsyncIterable<Uint8Array>,
  options: JsonlOptions = {},
): AsyncGenerator<JsonlItem> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  for await (const raw of splitRecords(source, { quoted: false, maxRecordBytes })) {
    const { line, end } = raw;
    const text = decodeRecord(raw, maxRecordBytes);
    if (typeof text !== "string") {
      yield { line, end, error: text };
      continue;
    }
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield {
        line,
        end,
        error: { code: "malformed_line", reason: `Not valid JSON: ${(err as Error).message}` },
      };
      continue;
    }
    yield { line, end, value };
  }
}
