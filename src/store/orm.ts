/**
 * Drizzle, loaded through Node's CommonJS loader. Drizzle's package.json is 180 KB of export
 * paths, and Node's ES module loader reads it again for each of the hundreds of files it
 * resolves inside the package: measured here, importing the SQLite parts as ES modules took
 * 1.2 s and 280 MB, requiring them 0.2 s and 63 MB. The API and its types are the same; every
 * runtime import of Drizzle in the store goes through `drizzleModule` so one copy is loaded.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const drizzleModule = {
  root: () => require("drizzle-orm") as typeof import("drizzle-orm"),
  sqliteCore: () => require("drizzle-orm/sqlite-core") as typeof import("drizzle-orm/sqlite-core"),
  sqliteProxy: () => require("drizzle-orm/sqlite-proxy") as typeof import("drizzle-orm/sqlite-proxy"),
  sqliteProxyMigrator: () =>
    require("drizzle-orm/sqlite-proxy/migrator") as typeof import("drizzle-orm/sqlite-proxy/migrator"),
  pgCore: () => require("drizzle-orm/pg-core") as typeof import("drizzle-orm/pg-core"),
  nodePostgres: () => require("drizzle-orm/node-postgres") as typeof import("drizzle-orm/node-postgres"),
  nodePostgresMigrator: () =>
    require("drizzle-orm/node-postgres/migrator") as typeof import("drizzle-orm/node-postgres/migrator"),
};

export const {
  and,
  asc,
  count,
  countDistinct,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  max,
  min,
  ne,
  notExists,
  notInArray,
  or,
  sql,
} = drizzleModule.root();
