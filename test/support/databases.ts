/**
 * The store backends a contract suite runs on: SQLite always, PostgreSQL too when DATABASE_URL is
 * set. Each PostgreSQL run gets its own throwaway database so suites never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/store/index.ts";

export interface Backend {
  name: "sqlite" | "postgres";
  open(): Promise<Database>;
}

/** A new, empty PostgreSQL database beside the one `url` names, and a function that drops it. */
export async function freshPostgresUrl(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function freshPostgres(url: string): Promise<Database> {
  const fresh = await freshPostgresUrl(url);
  const database = await openDatabase({ url: fresh.url });
  return {
    ...database,
    async close() {
      await database.close();
      await fresh.drop();
    },
  };
}

export function backends(): Backend[] {
  const list: Backend[] = [{ name: "sqlite", open: () => openDatabase({ dataDir: ":memory:" }) }];
  const url = process.env.DATABASE_URL;
  if (url) list.push({ name: "postgres", open: () => freshPostgres(url) });
  return list;
}

export async function openMigrated(backend: Backend): Promise<Database> {
  const database = await backend.open();
  await database.migrate();
  return database;
}
