/**
 * The one factory that chooses the database: PostgreSQL when a URL is given, the embedded SQLite
 * store (a folder, or in memory) otherwise.
 */
import type { Database } from "./executor.ts";

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set it wins over `dataDir`. */
  url?: string;
  /** The embedded store's folder, or ":memory:". */
  dataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return (await import("./postgres.ts")).openPostgres(options.url);
  return (await import("./sqlite.ts")).openSqlite(options.dataDir ?? ":memory:");
}
