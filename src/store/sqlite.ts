/**
 * The embedded store: Node's built-in SQLite in one file of the data folder.
 *
 * Settings, and what they mean:
 * - WAL journal: readers never wait for the writer and a commit is one append.
 * - `synchronous = NORMAL`: a commit survives the process being killed at any moment (the WAL is
 *   in the operating system's hands once written); after a power cut the last transactions may be
 *   missing, never half-applied, and the file stays consistent.
 * - Foreign keys on, a busy timeout for outside tools that hold the file briefly.
 * - One connection and one writer: statements are synchronous, and a transaction holds the
 *   connection until it ends, so statements of other requests wait their turn (`WriteGate`).
 *   Several processes need PostgreSQL; the folder's lock file says so to a second one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/sqlite-proxy";
import { migrate } from "drizzle-orm/sqlite-proxy/migrator";
import { ParleyError } from "../errors.ts";
import type { Database, Db, Executor, Tables } from "./db.ts";
import * as schema from "./schema.sqlite.ts";

const MIGRATIONS = fileURLToPath(new URL("../../drizzle/sqlite", import.meta.url));
export const STORE_FILE = "parley.sqlite";
const STATEMENT_CACHE = 400;

interface OpenTransaction {
  open: boolean;
}

/**
 * Lets one unit of work at a time use the connection, first come first served. Work started
 * inside a transaction (its own async context) runs at once: it is part of that transaction.
 */
class WriteGate {
  private busy = false;
  private readonly waiting: (() => void)[] = [];
  private readonly context = new AsyncLocalStorage<OpenTransaction>();

  inside(): boolean {
    return this.context.getStore()?.open === true;
  }

  async exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.inside()) return fn();
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    const unit: OpenTransaction = { open: true };
    try {
      return await this.context.run(unit, fn);
    } finally {
      unit.open = false;
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

/** The connection with its prepared statements, for the store's SQLite-only fast paths. */
export class SqliteConnection {
  readonly gate = new WriteGate();
  private readonly objects = new Map<string, StatementSync>();
  private readonly arrays = new Map<string, StatementSync>();

  readonly conn: DatabaseSync;

  constructor(conn: DatabaseSync) {
    this.conn = conn;
  }

  /** A prepared statement whose rows are objects keyed by column name. */
  statement(sql: string): StatementSync {
    return this.cached(this.objects, sql, false);
  }

  /** A prepared statement whose rows are arrays in column order (what Drizzle maps from). */
  arrayStatement(sql: string): StatementSync {
    return this.cached(this.arrays, sql, true);
  }

  /**
   * Runs synchronous work in a transaction: the open one when called inside it, else a new one
   * taken in turn. Nothing else runs on the connection meanwhile.
   */
  writeSync<T>(fn: () => T): Promise<T> {
    if (this.gate.inside()) return Promise.resolve(fn());
    return this.gate.exclusive(() => this.inTransaction(fn));
  }

  inTransaction<T>(fn: () => T): T {
    this.conn.exec("begin immediate");
    try {
      const result = fn();
      this.conn.exec("commit");
      return result;
    } catch (err) {
      this.conn.exec("rollback");
      throw err;
    }
  }

  private cached(cache: Map<string, StatementSync>, sql: string, arrays: boolean): StatementSync {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      statement = this.conn.prepare(sql);
      if (arrays) statement.setReturnArrays(true);
      cache.set(sql, statement);
    }
    return statement;
  }
}

export async function openSqlite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === ":memory:";
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  let conn: DatabaseSync;
  try {
    const file = inMemory ? ":memory:" : prepareFile(dataDir);
    conn = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5000 });
    conn.exec(
      "pragma journal_mode = wal; pragma synchronous = normal; pragma temp_store = memory; pragma cache_size = -32768",
    );
  } catch (err) {
    unlock();
    throw err;
  }
  const connection = new SqliteConnection(conn);
  const { gate } = connection;
  const dialect = new SQLiteAsyncDialect();

  const db = drizzle(
    (sql, params, method) =>
      gate.exclusive(() => {
        const args = params as SQLInputValue[];
        if (method === "run") {
          connection.statement(sql).run(...args);
          return { rows: [] };
        }
        const statement = connection.arrayStatement(sql);
        if (method === "get") return { rows: statement.get(...args) as unknown as unknown[] };
        return { rows: statement.all(...args) as unknown as unknown[][] };
      }),
    { schema },
  ) as unknown as Db;

  const executor: Executor = {
    dialect: "sqlite",
    db,
    t: schema as unknown as Tables,
    sqlite: connection,
    rows: <T>(query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return gate.exclusive(() => connection.statement(sql).all(...(params as SQLInputValue[])) as T[]);
    },
  };

  return {
    ...executor,
    kind: "sqlite",
    migrate: () =>
      migrate(
        db as never,
        (queries) =>
          connection.writeSync(() => {
            for (const q of queries) conn.exec(q);
          }),
        { migrationsFolder: MIGRATIONS },
      ),
    transaction: (fn) => {
      if (gate.inside()) return fn(executor);
      return gate.exclusive(async () => {
        conn.exec("begin immediate");
        try {
          const result = await fn(executor);
          conn.exec("commit");
          return result;
        } catch (err) {
          if (conn.isTransaction) conn.exec("rollback");
          throw err;
        }
      });
    },
    async close() {
      await gate.exclusive(() => {
        conn.exec("pragma optimize");
        conn.close();
      });
      unlock();
    },
  };
}

/** The store's file in `dataDir`, readable by its owner only; an earlier store format is refused. */
function prepareFile(dataDir: string): string {
  if (existsSync(join(dataDir, "PG_VERSION"))) {
    throw new ParleyError(
      "unavailable",
      `The data folder ${dataDir} holds a store written by an earlier version of Parley (PGlite). ` +
        "This version keeps its embedded store in SQLite and cannot read it. Move the folder aside " +
        "(or start with --data pointing to a new folder) and import your exports again; to keep the " +
        "old data on a server, run the earlier version with DATABASE_URL set and copy it to PostgreSQL.",
    );
  }
  const file = join(dataDir, STORE_FILE);
  // SQLite gives its -wal and -shm files the main file's permissions.
  closeSync(openSync(file, "a", 0o600));
  chmodSync(file, 0o600);
  return file;
}

/**
 * The embedded store serves one process at a time. A lock file with the owner's pid says who
 * holds it; a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const lock = join(dataDir, "parley.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new ParleyError(
          "unavailable",
          `The data folder ${dataDir} is in use by process ${owner}. The embedded store serves one ` +
            "process; stop that one, use its HTTP API while it runs, or run several processes on " +
            "PostgreSQL (DATABASE_URL).",
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
