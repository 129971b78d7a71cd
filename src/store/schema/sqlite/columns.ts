/** The column builders every table of this dialect is made with. */

import { drizzleModule, sql } from "../../orm.ts";
import { uuid7 } from "../../uuid7.ts";

const { integer, text } = drizzleModule.sqliteCore();

export const uuid = (name: string) => text(name);

export const id = () =>
  uuid("id")
    .primaryKey()
    .$defaultFn(() => uuid7());

export const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();

export const bool = (name: string) => integer(name, { mode: "boolean" });

export const time = (name: string) => integer(name, { mode: "timestamp_ms" });

export const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Hot tables carry no foreign keys, as on PostgreSQL (see schema.pg.ts). */
export const hotWorkspaceId = () => uuid("workspace_id").notNull();

export const createdAt = () => time("created_at").notNull().default(now);
