import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations; `drizzle.sqlite.config.ts` makes the embedded store's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.pg.ts",
  out: "./drizzle/pg",
});
