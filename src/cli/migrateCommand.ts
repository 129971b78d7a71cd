import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import type { Command } from "./command.ts";

export const migrateCommand: Command = {
  summary: "Bring the database schema up to date",
  help: `Usage: parley migrate [--data DIR]

Applies the schema migrations to PostgreSQL (DATABASE_URL) or to the embedded store (--data DIR,
env PARLEY_DATA). "parley start" does this too; run it alone before starting several processes.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { data: { type: "string" } } });
    const config = loadConfig({ PARLEY_DATA: values.data });
    const { openDatabase } = await import("../store/index.ts");
    const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PARLEY_DATA });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    process.stderr.write(`Schema up to date (${database.kind}).\n`);
    return 0;
  },
};
