/** The PostgreSQL store, for scaling out: a connection pool, Drizzle's node-postgres driver. */
import { fileURLToPath } from "node:url";
import type { SQL } from "drizzle-orm";
import pg from "pg";
import type { Database, Db, Executor } from "./executor.ts";
import { drizzleModule } from "./orm.ts";
import * as schema from "./schema.pg.ts";

const { drizzle } = drizzleModule.nodePostgres();
const { migrate } = drizzleModule.nodePostgresMigrator();

const MIGRATIONS = fileURLToPath(new URL("../../drizzle/pg", import.meta.url));

function executor(db: Db): Executor {
  return {
    dialect: "postgres",
    db,
    t: schema,
    sqlite: null,
    rows: async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows,
  };
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (restart, failover) is dropped by the pool and replaced
  // on next use; without a listener the error would end the process.
  pool.on("error", (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    ...executor(db),
    kind: "postgres",
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS }),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx as unknown as Db))),
    close: () => pool.end(),
  };
}
