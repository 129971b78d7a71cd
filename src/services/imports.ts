/**
 * Bulk import of exported posts through the pipeline. Every stored post is committed with its
 * conversation and work item, and the store keeps one post per (platform, id): importing a file
 * again, or again after a crash, stores nothing twice.
 */
import type { ImportEncoding } from "../connectors/import/encoding.ts";
import { type ImportFormat, importRecords } from "../connectors/import/importRecords.ts";
import type { NormalizedPost } from "../domain/post.ts";
import { metrics } from "../metrics.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";

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

export function importService(pipeline: IngestPipeline) {
  return {
    async run(
      workspaceId: string,
      source: AsyncIterable<Uint8Array>,
      options: ImportRun = {},
    ): Promise<ImportReport> {
      const report: ImportReport = { imported: 0, duplicates: 0, rejected: 0, errors: [], bytesRead: 0 };
      const batchSize = options.batchSize ?? 1000;
      let batch: NormalizedPost[] = [];
      let batchEnd = 0;
      // Two submissions in flight: the next batch is analysed while the previous one is stored.
      const inFlight: Promise<void>[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const bytes = batchEnd;
        const submitted = pipeline.submit(workspaceId, batch).then((result) => {
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
            report.rejected += 1;
            metrics.importErrors.inc({ code: item.error.code });
            if (report.errors.length < MAX_REPORTED_ERRORS) {
              report.errors.push({ line: item.line, code: item.error.code, reason: item.error.reason });
            }
            continue;
          }
          batch.push(item.post);
          if (batch.length >= batchSize) await flush();
        }
        await flush();
      } finally {
        // Whatever happens to the reader, what was submitted is stored (or fails) before returning.
        await Promise.allSettled(inFlight);
      }
      await Promise.all(inFlight);
      report.bytesRead = batchEnd;
      return report;
    },
  };
}

export type ImportService = ReturnType<typeof importService>;
