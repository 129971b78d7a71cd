import { createReadStream, existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { MappingError, parseMapping } from "../domain/crmMapping.ts";
import type { CustomerImportReport } from "../domain/customerViews.ts";
import { ParleyError } from "../errors.ts";
import type { Command } from "./command.ts";
import { progressBar } from "./progress.ts";

export const customersCommand: Command = {
  summary: "Import customers from a CRM's CSV export",
  help: `Usage: parley customers import FILE --map MAPPING [--workspace ID] [--data DIR] [--quiet]

Imports a CRM's CSV export (with a header line) into the workspace's customers. MAPPING names the
column of each field, comma-separated: externalId=<column> is required, then any of name, emails,
phones, orders, location, tier (standard, silver, gold, vip), language, handle:<platform>,
consent:publicReply, consent:privateContact, consent:survey (yes/no) and custom:<name>. A cell
with several values separates them with ";" or "|". Example:
  parley customers import crm.csv --map "externalId=Id,name=Full name,emails=Email,handle:x=Twitter"
Bad rows are reported with their line and reason and skipped; the rest are imported. Importing
again updates the customers with the same external ids instead of adding them twice.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        map: { type: "string" },
        workspace: { type: "string" },
        data: { type: "string" },
        quiet: { type: "boolean" },
      },
    });
    const [action, file] = positionals;
    if (action !== "import")
      throw new ParleyError("validation_failed", "Usage: parley customers import FILE --map ...");
    if (!file)
      throw new ParleyError("validation_failed", "Name the file to import: parley customers import FILE");
    if (!values.map)
      throw new ParleyError("validation_failed", "Give the column mapping: --map externalId=<column>,...");
    let mapping: ReturnType<typeof parseMapping>;
    try {
      mapping = parseMapping(values.map);
    } catch (err) {
      if (err instanceof MappingError) throw new ParleyError("customer_mapping_invalid", err.message);
      throw err;
    }
    if (!existsSync(file)) throw new ParleyError("not_found", `No such file: ${file}`);
    const size = statSync(file).size;
    const config = loadConfig({ PARLEY_DATA: values.data });
    const { openCore } = await import("../core.ts");
    const core = await openCore({ databaseUrl: config.DATABASE_URL, data: config.PARLEY_DATA });
    let report: CustomerImportReport;
    try {
      const workspaceId = values.workspace
        ? (await core.services.workspaces.get(values.workspace)).id
        : (await core.store.workspaces.list())[0]?.id;
      if (!workspaceId) throw new ParleyError("not_found", "No workspace to import into");
      const bar = progressBar(size, !values.quiet && process.stderr.isTTY === true);
      report = await core.services.customerImport.run(workspaceId, createReadStream(file), {
        mapping,
        actorUserId: null,
        onProgress: (r) => bar.update(r.bytesRead, `${r.created} new, ${r.updated} updated`),
      });
      bar.done();
    } finally {
      await core.close();
    }
    process.stdout.write(
      `${report.rows} rows: ${report.created} customers created, ${report.updated} updated, ${report.rejected} rejected.\n`,
    );
    for (const e of report.errors.slice(0, 20))
      process.stdout.write(`  line ${e.line}: ${e.code}: ${e.message}\n`);
    if (report.rejected > 20) process.stdout.write(`  … and ${report.rejected - 20} more\n`);
    return 0;
  },
};
