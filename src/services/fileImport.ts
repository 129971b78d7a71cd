/**
 * `parley import FILE`: the file becomes a source of the workspace (kind `file`) and runs here
 * under the connector contract until its last batch is stored. The source keeps the cursor, so an
 * import that was interrupted resumes after what it stored when the same, unchanged file is
 * imported again; a file changed since is a new import (which stores nothing twice either: the
 * store keeps one post per platform id).
 */
import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { ImportEncoding } from "../connectors/import/encoding.ts";
import { type FileSettings, parseFileCursor } from "../connectors/import/fileSource.ts";
import type { ImportFormat } from "../connectors/import/importRecords.ts";
import { startSourceRunner } from "../connectors/runner.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import type { Clock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import { ParleyError } from "../errors.ts";
import type { IngestPipeline } from "../pipeline/pipeline.ts";
import type { Store } from "../store/index.ts";
import type { SourceRow } from "../store/sources.ts";

export interface FileImportReport {
  sourceId: string;
  imported: number;
  duplicates: number;
  rejected: number;
  /** The first rejects: the line for a line that could not be read, else what the store refused. */
  errors: { line: number | null; code: string; reason: string }[];
  /** The line the import resumed after, when an earlier run of the same file stopped part way. */
  resumedAfterLine: number | null;
  bytesRead: number;
  size: number;
}

export interface FileImportOptions {
  format?: ImportFormat | "auto";
  encoding?: ImportEncoding;
  batchSize?: number;
  onProgress?: (report: FileImportReport) => void;
  /** Called while an earlier run's hold on the import runs out, with how long that takes. */
  onWaiting?: (ms: number) => void;
}

const MAX_REPORTED_ERRORS = 1000;
/**
 * A command's hold on its import: short, so a run killed outright holds up the next one only a
 * few seconds (a live run renews it with every batch).
 */
const LEASE_MS = 5000;

export function fileImports(deps: { store: Store; pipeline: IngestPipeline; box: SecretBox; clock: Clock }) {
  const { store, clock } = deps;

  /** The workspace's unfinished import of this very file (same path, size and modification time). */
  async function unfinished(workspaceId: string, settings: FileSettings): Promise<(SourceRow & {}) | null> {
    const rows = await store.sources.list(workspaceId);
    return (
      rows.find(
        (row) =>
          row.kind === "file" &&
          row.enabled &&
          !row.finishedAt &&
          row.config.path === settings.path &&
          row.config.size === settings.size &&
          row.config.modifiedAt === settings.modifiedAt &&
          row.config.format === settings.format &&
          row.config.encoding === settings.encoding,
      ) ?? null
    );
  }

  return {
    async run(workspaceId: string, file: string, options: FileImportOptions = {}): Promise<FileImportReport> {
      const path = resolve(file);
      let stat: ReturnType<typeof statSync>;
      try {
        stat = statSync(path);
      } catch {
        throw new ParleyError("not_found", `No such file: ${file}`);
      }
      if (stat.isDirectory()) throw new ParleyError("validation_failed", `A folder, not a file: ${file}`);
      const settings: FileSettings = {
        path,
        format: options.format ?? "auto",
        encoding: options.encoding ?? "auto",
        size: stat.size,
        modifiedAt: stat.mtimeMs,
        batchSize: options.batchSize ?? 1000,
      };
      let row = await unfinished(workspaceId, settings);
      const resumedAfter = parseFileCursor(row?.cursor?.value ?? null);
      if (!row) {
        row = await store.transaction(async (tx) => {
          const created = await tx.sources.create(workspaceId, {
            kind: "file",
            name: basename(path),
            config: { ...settings },
            credentials: null,
          });
          await tx.audit.record({
            workspaceId,
            actorUserId: null,
            action: "source.create",
            subjectType: "source",
            subjectId: created.id,
            detail: { kind: "file", name: created.name, by: "parley import" },
          });
          await tx.events.append([
            newEvent("source.changed", workspaceId, { sourceId: created.id, change: "created" }),
          ]);
          return created;
        });
      }
      const report: FileImportReport = {
        sourceId: row.id,
        imported: 0,
        duplicates: 0,
        rejected: 0,
        errors: [],
        resumedAfterLine: resumedAfter?.line ?? null,
        bytesRead: resumedAfter?.offset ?? 0,
        size: stat.size,
      };
      // An earlier run killed outright left its hold: it runs out within LEASE_MS.
      for (let tries = 0; tries < 3; tries++) {
        const current = await store.sources.get(row.id);
        const left =
          current?.leaseHolder && current.leaseUntil ? current.leaseUntil.getTime() - clock.now() : 0;
        if (left <= 0) break;
        options.onWaiting?.(left);
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, LEASE_MS) + 50));
      }
      const runner = startSourceRunner({
        leaseMs: LEASE_MS,
        store,
        pipeline: deps.pipeline,
        box: deps.box,
        clock,
        scanMs: 0,
        onStored: (_id, batch) => {
          report.imported += batch.stored;
          report.duplicates += batch.duplicates + batch.unmatched;
          report.rejected += batch.rejects.length;
          for (const r of batch.rejects) {
            if (report.errors.length >= MAX_REPORTED_ERRORS) break;
            const line = /^line (\d+): /.exec(r.reason);
            report.errors.push({
              line: line ? Number(line[1]) : null,
              code: r.code,
              reason: line ? r.reason.slice(line[0].length) : r.reason,
            });
          }
          report.bytesRead = parseFileCursor(batch.cursor)?.offset ?? report.bytesRead;
          options.onProgress?.(report);
        },
      });
      try {
        await runner.runSource(row.id);
      } finally {
        await runner.stop();
      }
      const after = await store.sources.get(row.id);
      if (!after?.finishedAt) {
        throw new ParleyError(
          "unavailable",
          `The import stopped before the end of the file${after?.lastError ? `: ${after.lastError}` : ""}`,
        );
      }
      return report;
    },
  };
}

export type FileImports = ReturnType<typeof fileImports>;
