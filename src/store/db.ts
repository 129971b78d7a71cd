/**
 * The one factory that chooses the database: PostgreSQL when a URL is given, PGlite (embedded,
 * in a folder or in memory) otherwise. Both speak the same dialect and run the same migrations.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { ParleyError } from "../errors.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or a transaction inside it. */
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL("../../drizzle", import.meta.url));

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set it wins over `dataDir`. */
  url?: string;
  /** PGlite folder, or ":memory:". */
  dataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection the server closes (restart, failover) is dropped by the pool and replaced
    // on next use; without a listener the error would end the process.
    pool.on("error", (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePg(db as never, { migrationsFolder: MIGRATIONS }),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? ":memory:";
  const unlock = dataDir === ":memory:" ? () => undefined : lockDataDir(dataDir);
  const client = dataDir === ":memory:" ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS }),
    async close() {
      await client.close();
      unlock();
    },
  };
}

/**
 * The embedded store serves one process at a time; a second one would corrupt it. A lock file
 * with the owner's pid says who holds it; a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, "parley.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new ParleyError(
          "unavailable",
          `The data folder ${dataDir} is in use by process ${owner}; stop it, or use the HTTP API while it runs`,
        );
      }
      rmSync(lock, { force: true });
    }
  }
  throw new ParleyError("unavailable", `Could not lock the data folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
