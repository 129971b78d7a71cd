/**
 * A file of exported posts (CSV, twcs CSV or JSON lines) as a source under the connector contract,
 * which is how `parley import` reads one. The cursor is the offset just past the last record of
 * the batch stored before, with its line number: a run that dies resumes after what was stored,
 * and the batch that ends the file says so (`finished`), which ends the source.
 *
 * The kind is started by its command on the machine that has the file; the runner's scan never
 * picks it up and the API does not create it, so no HTTP request names a path on the server.
 */
import { createReadStream } from "node:fs";
import { z } from "zod";
import { type Batch, type Connector, type ConnectorKind, PeerError, type Reject } from "../contract.ts";
import { IMPORT_ENCODINGS } from "./encoding.ts";
import { type ImportItem, importRecords } from "./importRecords.ts";

export const fileSettings = z
  .object({
    /** The file's absolute path on the machine that runs the import. */
    path: z.string().min(1),
    format: z.enum(["auto", "twcs", "csv", "jsonl"]).default("auto"),
    encoding: z.enum(IMPORT_ENCODINGS).default("auto"),
    /** The file's size and modification time when the import began: a changed file is a new import. */
    size: z.number().int().min(0),
    modifiedAt: z.number().min(0),
    batchSize: z.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

export type FileSettings = z.infer<typeof fileSettings>;

/** Where a file source resumes: the byte just past the last stored record, and its line. */
export interface FileCursor {
  offset: number;
  line: number;
}

export function parseFileCursor(cursor: string | null): FileCursor | null {
  if (cursor === null) return null;
  const value = JSON.parse(cursor) as FileCursor;
  return Number.isSafeInteger(value.offset) && Number.isSafeInteger(value.line) ? value : null;
}

/** A reject's payload names its line; the line's text stays in the file. */
function rejectOf(item: ImportItem & { error: { code: string; reason: string } }): Reject {
  return {
    code: item.error.code,
    reason: `line ${item.line}: ${item.error.reason}`,
    payload: JSON.stringify({ line: item.line }),
  };
}

/** A file that cannot be read (gone, a folder, not allowed) stops the import with the reason. */
async function readNext(records: AsyncGenerator<ImportItem>, path: string) {
  try {
    return await records.next();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code))
      throw new PeerError("refused", `Cannot read ${path}: ${(err as Error).message}`);
    throw err;
  }
}

export function fileConnector(settings: FileSettings): Connector {
  let records: AsyncGenerator<ImportItem> | null = null;
  // The position `records` stands at; a pull from any other cursor reopens the file.
  let position: string | null = null;
  let done = false;

  const open = (from: FileCursor | null) => {
    void records?.return(undefined);
    records = importRecords(createReadStream(settings.path), {
      format: settings.format,
      encoding: settings.encoding,
      resumeAfter: from?.offset,
    });
    done = false;
  };

  return {
    async pull(cursor): Promise<Batch> {
      if (records === null || cursor !== position) open(parseFileCursor(cursor));
      const posts: Batch["posts"] = [];
      const rejects: Reject[] = [];
      let last: FileCursor | null = parseFileCursor(cursor);
      while (!done && posts.length + rejects.length < settings.batchSize) {
        const next = await readNext(records!, settings.path);
        if (next.done) {
          done = true;
          break;
        }
        const item = next.value;
        if ("error" in item) rejects.push(rejectOf(item));
        else posts.push(item.post);
        last = { offset: item.bytesRead, line: item.line };
      }
      position = last === null ? cursor : JSON.stringify(last);
      return { posts, rejects, cursor: position, finished: done };
    },
    async close() {
      await records?.return(undefined);
      records = null;
    },
  };
}

export const fileKind: ConnectorKind<FileSettings> = {
  kind: "file",
  label: "File import",
  platform: "webhook",
  mode: "poll",
  requireMatch: false,
  startedBy: "command",
  settings: fileSettings,
  credentials: [],
  // Bulk: the next batch is read and analysed while the one before it is stored.
  inFlight: 2,
  create: (source) => fileConnector(source.settings),
};
