/**
 * Raw statements with fixed text whatever the number of values: a list goes in one bound
 * parameter (a JSON array read with `json_each` on SQLite, an array on PostgreSQL), so the
 * embedded store prepares the statement once, and nothing is built per value. For the hot paths
 * that run many small statements (push routing, timers, the outbox); the query builder elsewhere.
 */
import type { SQL } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import { sql } from "./orm.ts";

/** A PostgreSQL array literal, every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/** `column` is one of `values` (uuids unless `type` says otherwise), as one parameter. */
export function oneOf(x: Executor, column: SQL, values: readonly string[], type = "uuid"): SQL {
  return x.dialect === "postgres"
    ? sql`${column} = any(${arrayLiteral(values)}::${sql.raw(type)}[])`
    : sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * A time column as read raw: milliseconds on SQLite; on PostgreSQL the server's text (Drizzle's
 * driver leaves timestamps unparsed), or a Date.
 */
export function millis(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`Not a time: ${value}`);
    return ms;
  }
  return Number(value);
}

/** A JSON column as read raw: text on SQLite, parsed on PostgreSQL. */
export function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** A time as a bound parameter: milliseconds on SQLite, a Date on PostgreSQL. */
export function timeParam(x: Executor, ms: number): number | Date {
  return x.dialect === "postgres" ? new Date(ms) : ms;
}

/** A PostgreSQL array literal as a parameter of `unnest` and the like. */
export { arrayLiteral };
