/**
 * The embedded store: Node's built-in SQLite in one file of the data folder.
 *
 * Settings, and what they mean:
 * - WAL journal: readers never wait for the writer and a commit is one append.
 * - `synchronous = NORMAL`: a commit survives the process being killed at any moment (the WAL is
 *   in the operating system's hands once written); after a power cut the last transactions may be
 *   missing, never half-applied, and the file stays consistent.
 * - Foreign keys on, a busy timeout for outside tools that hold the file briefly.
 * - One writer: statements are synchronous, and a transaction holds the writing connection until
 *   it ends, so writes of other requests wait their turn (`WriteGate`). Reads outside a
 *   transaction go to a second connection, which sees the last commit and never waits for the
 *   writer. Several processes need PostgreSQL; the folder's lock file says so to a second one.
 * - Checkpoints (copying the WAL into the main file, with its fsync) run on a worker thread with
 *   its own connection, so a request is never held up by one (`checkpointer.ts`).
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
import { ParleyError } from "../errors.ts";
import { type Checkpointer, startCheckpointer } from "./checkpointer.ts";
import type { Database, Db, Executor, SqliteWriter, Tables } from "./executor.ts";
import { drizzleModule } from "./orm.ts";
import * as schema from "./schema.sqlite.ts";

const { SQLiteAsyncDialect } = drizzleModule.sqliteCore();
const { drizzle } = drizzleModule.sqliteProxy();
const { migrate } = drizzleModule.sqliteProxyMigrator();

const MIGRATIONS = fileURLToPath(new URL("../../drizzle/sqlite", import.meta.url));
export const STORE_FILE = "parley.sqlite";
const STATEMENT_CACHE = 400;
const SETTINGS = "pragma synchronous = normal; pragma temp_store = memory; pragma cache_size = -32768";

/**
 * The longest the store's queries run back to back before it lets the event loop turn. On this
 * store a query is a synchronous call wrapped in a promise that is already settled, so a job or a
 * transaction issuing thousands of them in a row is one long chain of microtasks: without a turn
 * between them no request is read, no socket written, until it ends (an insight rollup of a batch
 * held the loop for ~400 ms during an import).
 */
const SLICE_MS = 8;
let sliceStart: number | null = null;

/** Resolves at once inside a slice; after `SLICE_MS` of back-to-back queries, at the next turn. */
function breathe(): Promise<void> | undefined {
  const now = performance.now();
  if (sliceStart === null) {
    sliceStart = now;
    // The loop turns (its check phase) once the running chain of microtasks ends.
    setImmediate(() => {
      sliceStart = null;
    });
    return undefined;
  }
  if (now - sliceStart < SLICE_MS) return undefined;
  return new Promise((resolve) => setImmediate(resolve));
}

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

/** The connections with their prepared statements, for the store's SQLite-only fast paths. */
export class SqliteConnection implements SqliteWriter {
  readonly gate = new WriteGate();
  readonly conn: DatabaseSync;
  private readonly statements: StatementCache;
  private readonly reads: StatementCache | null;
  private readonly committed: () => void;

  constructor(conn: DatabaseSync, reader: DatabaseSync | null, committed: () => void) {
    this.conn = conn;
    this.statements = new StatementCache(conn);
    this.reads = reader ? new StatementCache(reader) : null;
    this.committed = committed;
  }

  /** A prepared statement on the writing connection; rows are objects, or arrays in column order. */
  statement(sql: string, arrays = false): StatementSync {
    return this.statements.get(sql, arrays);
  }

  /**
   * Runs one statement: a read outside a transaction on the reading connection at once, anything
   * else on the writing connection in its turn (a write outside a transaction commits by itself).
   */
  run<T>(sql: string, arrays: boolean, fn: (statement: StatementSync) => T): T | Promise<T> {
    const inside = this.gate.inside();
    if (this.reads && !inside && READ.test(sql)) return fn(this.reads.get(sql, arrays));
    if (inside) return fn(this.statement(sql, arrays));
    return this.gate.exclusive(() => {
      const result = fn(this.statement(sql, arrays));
      this.committed();
      return result;
    });
  }

  /**
   * Runs `fn` in a transaction: the open one when called inside it, else a new one taken in turn.
   * Between its awaits only reads (on the other connection) can run.
   */
  async transaction<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.gate.inside()) return fn();
    return this.gate.exclusive(async () => {
      this.conn.exec("begin immediate");
      try {
        const result = await fn();
        this.conn.exec("commit");
        this.committed();
        return result;
      } catch (err) {
        if (this.conn.isTransaction) this.conn.exec("rollback");
        throw err;
      }
    });
  }
}

const READ = /^\s*(select|with)\b/i;

/** Prepared statements of one connection by text and row shape, the oldest dropped past a bound. */
class StatementCache {
  private readonly conn: DatabaseSync;
  private readonly cache = new Map<string, StatementSync>();

  constructor(conn: DatabaseSync) {
    this.conn = conn;
  }

  get(sql: string, arrays: boolean): StatementSync {
    const key = arrays ? `A${sql}` : `O${sql}`;
    let statement = this.cache.get(key);
    if (!statement) {
      if (this.cache.size >= STATEMENT_CACHE) this.cache.delete(this.cache.keys().next().value!);
      statement = this.conn.prepare(sql);
      if (arrays) statement.setReturnArrays(true);
      this.cache.set(key, statement);
    }
    return statement;
  }
}

export async function openSqlite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === ":memory:";
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  let conn: DatabaseSync;
  let reader: DatabaseSync | null = null;
  let checkpoints: Checkpointer | null = null;
  try {
    const file = inMemory ? ":memory:" : prepareFile(dataDir);
    conn = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5000 });
    conn.exec(`pragma journal_mode = wal; ${SETTINGS}`);
    if (!inMemory) {
      conn.exec("pragma wal_autocheckpoint = 0");
      reader = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
      // The reading connection serves small view queries: a smaller cache is enough.
      reader.exec(`${SETTINGS}; pragma cache_size = -8192`);
      checkpoints = startCheckpointer(file);
    }
  } catch (err) {
    unlock();
    throw err;
  }
  const connection = new SqliteConnection(conn, reader, () => checkpoints?.wrote());
  const { gate } = connection;
  const dialect = new SQLiteAsyncDialect();

  const db = drizzle(
    async (sql, params, method) => {
      // A request's reads outside a transaction are short: only writing work gives up its turn.
      if (connection.gate.inside() || !READ.test(sql)) {
        const turn = breathe();
        if (turn) await turn;
      }
      const args = params as SQLInputValue[];
      if (method === "run") {
        return connection.run(sql, false, (statement) => {
          statement.run(...args);
          return { rows: [] };
        });
      }
      return connection.run(sql, true, (statement) => {
        if (method === "get") return { rows: statement.get(...args) as unknown as unknown[] };
        return { rows: statement.all(...args) as unknown as unknown[][] };
      });
    },
    { schema },
  ) as unknown as Db;

  const executor: Executor = {
    dialect: "sqlite",
    db,
    t: schema as unknown as Tables,
    sqlite: connection,
    rows: async <T>(query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return connection.run(sql, false, (statement) => statement.all(...(params as SQLInputValue[])) as T[]);
    },
  };

  return {
    ...executor,
    kind: "sqlite",
    migrate: () =>
      migrate(
        db as never,
        (queries) =>
          connection.transaction(() => {
            for (const q of queries) conn.exec(q);
          }),
        { migrationsFolder: MIGRATIONS },
      ),
    transaction: (fn) => connection.transaction(() => fn(executor)),
    async close() {
      await checkpoints?.stop();
      await gate.exclusive(() => {
        conn.exec("pragma optimize");
        reader?.close();
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
