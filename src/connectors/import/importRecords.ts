/**
 * Bulk import of exported posts: detects the format, streams the records and normalizes each.
 * Every record yields a post or an error for its line; one bad line never stops the import.
 *
 * Resuming: each item carries `bytesRead`, the offset just past its record. Pass the last one
 * seen as `resumeAfter` with the same file from its start: records up to there are read (the
 * header and the line count need them) but not yielded or normalized again. Re-importing without
 * it is also safe, since the store keeps one post per (platform, platformId).
 */
import type { NormalizedPost, Platform } from "../../domain/post.ts";
import { isParleyError } from "../../errors.ts";
import { normalizePost, type PostDraft } from "../../pipeline/normalize.ts";
import { readCsv } from "./csv.ts";
import { DEFAULT_MAX_RECORD_BYTES, type LineError } from "./decode.ts";
import { type ImportEncoding, toUtf8 } from "./encoding.ts";
import { csvRowToDraft, type GenericContext, isGenericCsvHeader, jsonToDraft } from "./generic.ts";
import { readJsonl } from "./jsonl.ts";
import { isTwcsHeader, twcsRowToDraft } from "./twcs.ts";

export type ImportFormat = "twcs" | "csv" | "jsonl";

export type ImportItem = { line: number; bytesRead: number } & (
  | { post: NormalizedPost }
  | { error: LineError }
);

export interface ImportOptions {
  format?: ImportFormat | "auto";
  /** Skip records that end at or before this byte offset (a `bytesRead` of an earlier run). */
  resumeAfter?: number;
  /** Platform of generic rows that name none; default "webhook" (pushed in from elsewhere). */
  defaultPlatform?: Platform;
  /** Date given to generic rows without created_at; default: when the import starts. */
  now?: Date;
  maxRecordBytes?: number;
  /** The file's encoding; `auto` (default) reads a byte-order mark and assumes UTF-8 without one. */
  encoding?: ImportEncoding;
}

/** Reads enough of the stream to see its first line, then hands back an equivalent stream. */
async function peekFirstLine(
  source: AsyncIterable<Uint8Array>,
): Promise<{ head: string; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 65_536) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
    if (next.value.includes(10)) break;
  }
  const bytes = Buffer.concat(seen);
  const newline = bytes.indexOf(10);
  const head = new TextDecoder()
    .decode(newline < 0 ? bytes : bytes.subarray(0, newline))
    .replace(/^\uFEFF/, "");
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: replay() };
}

/** The format a file's first line announces; a CSV header without id and text is not importable. */
export function detectFormat(firstLine: string): ImportFormat | undefined {
  const trimmed = firstLine.trim();
  if (trimmed.startsWith("{")) return "jsonl";
  const header = headerOf(trimmed);
  if (isTwcsHeader(header)) return "twcs";
  if (isGenericCsvHeader(header)) return "csv";
  return undefined;
}

function headerOf(text: string): string[] {
  return text.split(",").map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
}

function toItem(line: number, bytesRead: number, draft: PostDraft | LineError): ImportItem {
  if ("code" in draft) return { line, bytesRead, error: draft };
  try {
    return { line, bytesRead, post: normalizePost(draft) };
  } catch (err) {
    if (isParleyError(err)) return { line, bytesRead, error: { code: err.code, reason: err.message } };
    throw err;
  }
}

export async function* importRecords(
  source: AsyncIterable<Uint8Array>,
  options: ImportOptions = {},
): AsyncGenerator<ImportItem> {
  const { head, stream } = await peekFirstLine(toUtf8(source, options.encoding ?? "auto"));
  const requested = options.format ?? "auto";
  const format = requested === "auto" ? detectFormat(head) : requested;
  const resumeAfter = options.resumeAfter ?? -1;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const ctx: GenericContext = {
    defaultPlatform: options.defaultPlatform ?? "webhook",
    now: options.now ?? new Date(),
  };
  if (format === undefined) {
    const reason = "Unknown format: expected JSON Lines, a twcs header or a CSV header with id and text";
    yield { line: 1, bytesRead: 0, error: { code: "malformed_line", reason } };
    return;
  }

  if (format === "jsonl") {
    for await (const item of readJsonl(stream, { maxRecordBytes })) {
      if (item.end <= resumeAfter) continue;
      if ("error" in item) yield { line: item.line, bytesRead: item.end, error: item.error };
      else yield toItem(item.line, item.end, jsonToDraft(item.value, ctx));
    }
    return;
  }

  let header: string[] | undefined;
  const plausible = (record: string[]) => header === undefined || record.length === header.length;
  for await (const item of readCsv(stream, { maxRecordBytes, plausible })) {
    if (!header) {
      if ("error" in item) {
        yield { line: item.line, bytesRead: item.end, error: item.error };
        return;
      }
      header = item.record.map((c) => c.trim().toLowerCase());
      const ok = format === "twcs" ? isTwcsHeader(header) : isGenericCsvHeader(header);
      if (!ok) {
        const reason = `The header does not have the columns the ${format} format needs`;
        yield { line: item.line, bytesRead: item.end, error: { code: "malformed_line", reason } };
        return;
      }
      continue;
    }
    if (item.end <= resumeAfter) continue;
    if ("error" in item) {
      yield { line: item.line, bytesRead: item.end, error: item.error };
      continue;
    }
    const draft =
      format === "twcs" ? twcsRowToDraft(header, item.record) : csvRowToDraft(header, item.record, ctx);
    yield toItem(item.line, item.end, draft);
  }
}
