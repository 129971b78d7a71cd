/**
 * What repositories see of a database: an `Executor` with the query builder, the tables of its
 * dialect, and raw reads, so the same repository code runs on SQLite and PostgreSQL.
 */

import type { StatementSync } from "node:sqlite";
import type { Column, SQL, SQLWrapper } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { eq, sql } from "./orm.ts";
import type * as pgSchema from "./schema.pg.ts";

export type Dialect = "sqlite" | "postgres";
/** The tables. Both schemas have the same columns with the same TypeScript types (schema.test.ts). */
export type Tables = typeof pgSchema;
/**
 * The query builder, typed with PostgreSQL's tables. On SQLite it is Drizzle's SQLite builder
 * over SQLite's tables, which takes the same calls; what only PostgreSQL has (row locks, raw
 * `execute`) goes through the helpers below instead.
 */
export type Db = PgDatabase<PgQueryResultHKT, Tables>;

/** Anything queries can run on: the database or a transaction inside it. */
export interface Executor {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly t: Tables;
  /** Rows of a raw query written in SQL that both dialects read. */
  rows<T>(query: SQL): Promise<T[]>;
  /** The embedded store's connection, for its own fast paths; null on PostgreSQL. */
  readonly sqlite: SqliteWriter | null;
}

export interface Database extends Executor {
  readonly kind: Dialect;
  migrate(): Promise<void>;
  /** Runs `fn` in one transaction; on SQLite transactions run one at a time (one writer). */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The embedded store's writing connection as its fast paths use it (`sqlite.ts` has the rest). */
export interface SqliteWriter {
  /** A prepared statement on the writing connection; rows are objects, or arrays in column order. */
  statement(sql: string, arrays?: boolean): StatementSync;
  /** Runs `fn` in a transaction: the open one when called inside it, else a new one in turn. */
  transaction<T>(fn: () => T | Promise<T>): Promise<T>;
}

/**
 * A select that locks its rows until the transaction ends. On SQLite the transaction already
 * holds the only write lock, so the plain select is enough.
 */
export function forUpdate<Q extends { for(strength: "update"): PromiseLike<unknown> }>(
  x: Executor,
  query: Q,
): Q | ReturnType<Q["for"]> {
  return x.dialect === "postgres" ? (query.for("update") as ReturnType<Q["for"]>) : query;
}

/**
 * A column written so that no index answers a condition on it: on SQLite `+column`, which the
 * planner cannot look up in an index, so it uses the index of the query's other, more telling
 * condition. Without statistics, or with sampled ones, SQLite's estimates can otherwise prefer an
 * index that reads far more rows (a whole workspace, every job of a name). PostgreSQL's planner
 * weighs both well by itself: there the column is left as it is.
 */
export function unindexed(x: Executor, column: Column): SQL {
  return x.dialect === "sqlite" ? sql`+${column}` : sql`${column}`;
}

/**
 * The workspace check on rows found by a list of keys with an index of their own (ids, authors,
 * conversations: `inArray(table.id, ids)` beside it): the rows are found through the keys' index
 * and each one's workspace is checked, instead of reading every row of the workspace for each
 * batch (a cost that grows with the store).
 */
export function ofWorkspace(x: Executor, column: Column, workspaceId: string): SQL {
  return eq(unindexed(x, column), workspaceId);
}

/**
 * A work item is open (new or reserved), written in constants as the partial indexes of open
 * items are: SQLite uses a partial index only for a query whose terms imply its condition, and a
 * bound value implies nothing.
 */
export function isOpen(state: SQLWrapper): SQL {
  return sql`${state} in ('new', 'reserved')`;
}
