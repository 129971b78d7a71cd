import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { IMPORT_ENCODINGS, type ImportEncoding } from "../connectors/import/encoding.ts";
import { ParleyError } from "../errors.ts";
import type { FileImportReport } from "../services/fileImport.ts";
import type { Command } from "./command.ts";
import { progressBar } from "./progress.ts";

const FORMATS = ["auto", "twcs", "csv", "jsonl"] as const;

export const importCommand: Command = {
  summary: "Import posts from a CSV, twcs CSV or JSON lines file",
  help: `Usage: parley import FILE [--format auto|twcs|csv|jsonl] [--encoding E] [--workspace ID] [--data DIR]

Imports posts from an export file through the whole pipeline (threads, analysis, work items).
Formats: the "Customer Support on Twitter" CSV (twcs), a CSV with a header (id,text,author,
created_at,url,platform,reply_to,followers,verified; id and text required), or JSON lines.
Lines that cannot be read are reported with their number and reason and skipped; the rest is
imported. --encoding is auto (a byte-order mark, else UTF-8), utf-8, utf-16le, utf-16be,
windows-1252, iso-8859-1 or iso-8859-15.

The file becomes a source of the workspace ("File import" on the Sources page) that keeps where
it is: run the same command again after an interruption and it resumes after what was stored.
Importing a file again stores nothing twice. Stop "parley start" first when it uses the same
embedded store, or POST the file to /api/imports.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "auto" },
        encoding: { type: "string", default: "auto" },
        workspace: { type: "string" },
        data: { type: "string" },
        quiet: { type: "boolean" },
      },
    });
    const file = positionals[0];
    if (!file) throw new ParleyError("validation_failed", "Name the file to import: parley import FILE");
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format))
      throw new ParleyError("validation_failed", `--format must be one of ${FORMATS.join(", ")}`);
    const encoding = values.encoding as ImportEncoding;
    if (!IMPORT_ENCODINGS.includes(encoding))
      throw new ParleyError("validation_failed", `--encoding must be one of ${IMPORT_ENCODINGS.join(", ")}`);
    if (!existsSync(file)) throw new ParleyError("not_found", `No such file: ${file}`);
    const size = statSync(file).size;
    const config = loadConfig({ PARLEY_DATA: values.data });
    const { openCore } = await import("../core.ts");
    const { ensureDemoWorkspace } = await import("../services/demo.ts");
    const { fileImports } = await import("../services/fileImport.ts");
    const core = await openCore({ databaseUrl: config.DATABASE_URL, data: config.PARLEY_DATA });
    let report: FileImportReport;
    try {
      const workspaceId = values.workspace
        ? (await core.services.workspaces.get(values.workspace)).id
        : ((await ensureDemoWorkspace(core.store)) ?? (await core.store.workspaces.list())[0]?.id);
      if (!workspaceId) throw new ParleyError("not_found", "No workspace to import into");
      const bar = progressBar(size, !values.quiet && process.stderr.isTTY === true);
      const imports = fileImports({
        store: core.store,
        pipeline: core.pipeline,
        box: core.box,
        clock: core.clock,
      });
      report = await imports.run(workspaceId, file, {
        format,
        encoding,
        onProgress: (r) => bar.update(r.bytesRead, `${r.imported} new, ${r.duplicates} already stored`),
        onWaiting: (ms) =>
          process.stderr.write(
            `An earlier run of this import stopped without ending; it resumes in ${Math.ceil(ms / 1000)} s.\n`,
          ),
      });
      bar.done();
      if (report.resumedAfterLine !== null)
        process.stdout.write(
          `Resumed after line ${report.resumedAfterLine}, where an earlier run stopped.\n`,
        );
    } finally {
      await core.close();
    }
    process.stdout.write(
      `${report.imported} posts imported, ${report.duplicates} already stored, ${report.rejected} lines rejected.\n`,
    );
    for (const e of report.errors.slice(0, 20))
      process.stdout.write(`  ${e.line === null ? "post" : `line ${e.line}`}: ${e.code}: ${e.reason}\n`);
    if (report.rejected > 20) process.stdout.write(`  … and ${report.rejected - 20} more\n`);
    return 0;
  },
};
