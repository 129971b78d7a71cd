import { defineConfig } from "drizzle-kit";

/** The embedded store's migrations; `drizzle.config.ts` makes PostgreSQL's. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/store/schema.sqlite.ts",
  out: "./drizzle/sqlite",
});
