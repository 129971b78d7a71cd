/** The column builders every table of this dialect is made with. */

import { drizzleModule } from "../../orm.ts";

const { timestamp, uuid } = drizzleModule.pgCore();

export const id = () => uuid("id").primaryKey().defaultRandom();

/**
 * Tables on the ingest path (authors, conversations, posts, work items) carry no foreign
 * keys: a key check per row would cost more than the insert itself, and one transaction in
 * store/ingest.ts writes all of them together, so their links cannot dangle.
 */
export const hotWorkspaceId = () => uuid("workspace_id").notNull();

// Millisecond precision: timestamps round-trip through JSON cursors and the API exactly.
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
