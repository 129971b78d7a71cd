/** The two schemas describe one store: same tables, columns, types, keys and indexes. */
import type { PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { drizzleModule } from "./orm.ts";
import * as pg from "./schema.pg.ts";
import * as sqlite from "./schema.sqlite.ts";

const pgConfig = drizzleModule.pgCore().getTableConfig;
const sqliteConfig = drizzleModule.sqliteCore().getTableConfig;

type Config = ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>;

/**
 * Unique keys only SQLite has. On SQLite the posts' arrival order is the row id (a primary key),
 * which PostgreSQL keeps in a sequence column with a plain index.
 */
const SQLITE_ONLY_UNIQUE: Record<string, string[]> = { posts: ["seq"] };

/** An index column as text: its name, with " desc" when it is ordered downwards. */
function indexColumn(c: unknown): string {
  const named = c as { name?: string; indexConfig?: { order?: string } };
  if (named.name) return `${named.name}${named.indexConfig?.order === "desc" ? " desc" : ""}`;
  // An expression such as sql`${column} desc`: its column's name and its words.
  const chunks = (c as { queryChunks: unknown[] }).queryChunks ?? [];
  return chunks
    .map((k) => (k as { name?: string }).name ?? ((k as { value?: string[] }).value ?? []).join(""))
    .join("")
    .trim();
}

function shape(config: Config) {
  const uniques = new Set<string>();
  for (const c of config.columns) if (c.primary) uniques.add(c.name);
  for (const i of config.indexes) {
    const names = i.config.columns.map(indexColumn);
    if (i.config.unique) uniques.add(names.join(","));
  }
  return {
    columns: config.columns
      .map((c) => ({ name: c.name, type: c.dataType, notNull: c.notNull, enum: c.enumValues ?? null }))
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        columns: i.config.columns.map(indexColumn),
        unique: i.config.unique,
        partial: i.config.where !== undefined,
      }))
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    foreignKeys: config.foreignKeys
      .map((f) => {
        const ref = f.reference();
        return `${ref.columns.map((c) => c.name)} -> ${ref.foreignColumns.map((c) => c.name)} on delete ${f.onDelete ?? "no action"}`;
      })
      .sort(),
    uniques: [...uniques].sort(),
  };
}

const pgTables = Object.values(pg).map((t) => pgConfig(t as PgTable));
const sqliteTables = Object.values(sqlite).map((t) => sqliteConfig(t as SQLiteTable));

describe("the PostgreSQL and SQLite schemas", () => {
  it("have the same tables", () => {
    expect(sqliteTables.map((t) => t.name).sort()).toEqual(pgTables.map((t) => t.name).sort());
    expect(Object.keys(sqlite).sort()).toEqual(Object.keys(pg).sort());
  });

  it.each(pgTables.map((t) => [t.name, t] as const))("agree on %s", (name, pgTable) => {
    const lite = sqliteTables.find((t) => t.name === name)!;
    const want = shape(pgTable);
    const got = shape(lite);
    expect(got.columns).toEqual(want.columns);
    expect(got.foreignKeys).toEqual(want.foreignKeys);
    const extra = SQLITE_ONLY_UNIQUE[name] ?? [];
    expect(got.uniques.filter((u) => !extra.includes(u))).toEqual(want.uniques);
    const pgIndexes = want.indexes.filter((i) => !i.unique || !extra.includes(i.columns.join(",")));
    const liteIndexes = got.indexes.filter((i) => !(name === "posts" && i.name === "posts_id_key"));
    expect(liteIndexes).toEqual(pgIndexes);
  });

  it("read and write every table as the same TypeScript types", () => {
    expectTypeOf<(typeof sqlite.workspaces)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.workspaces)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.workspaceModels)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.workspaceModels)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.users)["$inferSelect"]>().toEqualTypeOf<(typeof pg.users)["$inferSelect"]>();
    expectTypeOf<(typeof sqlite.sessions)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.sessions)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.apiTokens)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.apiTokens)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.sources)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.sources)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.campaigns)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.campaigns)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.authors)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.authors)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.conversations)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.conversations)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.posts)["$inferSelect"]>().toEqualTypeOf<(typeof pg.posts)["$inferSelect"]>();
    expectTypeOf<(typeof sqlite.workItems)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.workItems)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.replies)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.replies)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.customers)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.customers)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.identityLinks)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.identityLinks)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.auditEvents)["$inferSelect"]>().toEqualTypeOf<
      (typeof pg.auditEvents)["$inferSelect"]
    >();
    expectTypeOf<(typeof sqlite.posts)["$inferInsert"]>().toEqualTypeOf<(typeof pg.posts)["$inferInsert"]>();
    expectTypeOf<(typeof sqlite.workItems)["$inferInsert"]>().toEqualTypeOf<
      (typeof pg.workItems)["$inferInsert"]
    >();
    expectTypeOf<(typeof sqlite.users)["$inferInsert"]>().toEqualTypeOf<(typeof pg.users)["$inferInsert"]>();
  });
});
