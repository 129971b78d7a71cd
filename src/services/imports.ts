/**
 * Bulk import of exported posts through the pipeline. Every stored post is committed with its
 * conversation and work item, and the store keeps one post per (platform, id): importing a file
 * again, or again after a crash, stores nothing twice.
 */
import type { ImportEncoding } from "../connectors/import/encoding.ts";
import { type ImportFormat, importRecords } from "../connectors/import/importRecords.ts";
import type { NormalizedPost } from "../domain/post.ts";
import type { ErrorCode } from "../errors.ts";
import { metrics } from "../metrics.ts";
import type { IngestPipeline, SubmitResult } from "../pipeline/pipeline.ts";
import { isDataError } from "../store/dataErrors.ts";

export interface ImportReport {
  imported: number;
  duplicates: number;
  rejected: number;
  /** The first rejected lines with their reasons (at most 1,000 are kept). */
  errors: { line: number; code: string; reason: string }[];
  bytesRead: number;
}

export interface ImportRun {
  format?: ImportFormat | "auto";
  encoding?: ImportEncoding;
  batchSize?: number;
  onProgress?: (report: ImportReport) => void;
}

const MAX_REPORTED_ERRORS = 1000;

/** A post and the line it came from, so a post the store refuses is reported on its line. */
interface Lined {
  post: NormalizedPost;
  line: number;
}

export function importService(pipeline: Pick<IngestPipeline, "submit">) {
  /**
   * Stores a batch; when the store refuses a value in it (which the per-line checks should have
   * caught), the batch is split in halves until the refused lines are found and reported, so the
   * rest of the batch is stored all the same. Any other failure fails the import.
   */
  async function store(
    workspaceId: string,
    batch: Lined[],
    refused: (line: number) => void,
  ): Promise<Omit<SubmitResult, "unmatched">> {
    try {
      return await pipeline.submit(
        workspaceId,
        batch.map((b) => b.post),
      );
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (batch.length === 1) {
        refused(batch[0]!.line);
        return { stored: 0, duplicates: 0 };
      }
      const half = Math.ceil(batch.length / 2);
      const first = await store(workspaceId, batch.slice(0, half), refused);
      const second = await store(workspaceId, batch.slice(half), refused);
      return { stored: first.stored + second.stored, duplicates: first.duplicates + second.duplicates };
    }
  }

  return {
    async run(
      workspaceId: string,
      source: AsyncIterable<Uint8Array>,
      options: ImportRun = {},
    ): Promise<ImportReport> {
      const report: ImportReport = { imported: 0, duplicates: 0, rejected: 0, errors: [], bytesRead: 0 };
      const batchSize = options.batchSize ?? 1000;
      let batch: Lined[] = [];
      let batchEnd = 0;
      // Two submissions in flight: the next batch is analysed while the previous one is stored.
      const inFlight: Promise<void>[] = [];
      const reject = (line: number, code: ErrorCode, reason: string) => {
        report.rejected += 1;
        metrics.importErrors.inc({ code });
        if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, code, reason });
      };
      const refused = (line: number) =>
        reject(line, "validation_failed", "The store refused a value of this line");
      const flush = async () => {
        if (batch.length === 0) return;
        const bytes = batchEnd;
        const submitted = store(workspaceId, batch, refused).then((result) => {
          report.imported += result.stored;
          report.duplicates += result.duplicates;
          report.bytesRead = bytes;
          options.onProgress?.(report);
        });
        batch = [];
        // Marked as handled here; the failure still surfaces where it is awaited below.
        submitted.catch(() => undefined);
        inFlight.push(submitted);
        if (inFlight.length >= 2) await inFlight.shift();
      };
      try {
        for await (const item of importRecords(source, {
          format: options.format ?? "auto",
          encoding: options.encoding ?? "auto",
        })) {
          batchEnd = item.bytesRead;
          if ("error" in item) {
            reject(item.line, item.error.code, item.error.reason);
            continue;
          }
          batch.push({ post: item.post, line: item.line });
          if (batch.length >= batchSize) await flush();
        }
        await flush();
      } finally {
        // Whatever happens to the reader, what was submitted is stored (or fails) before returning.
        await Promise.allSettled(inFlight);
      }
      await Promise.all(inFlight);
      report.bytesRead = batchEnd;
      // Lines the store refused are found after later lines were read: report them in order.
      report.errors.sort((a, b) => a.line - b.line);
      return report;
    },
  };
}

export type ImportService = ReturnType<typeof importService>;
