/** Customers and the social profiles linked to them. */

import { drizzleModule } from "../../orm.ts";
import { users } from "./access.ts";
import { bool, createdAt, id, json, uuid } from "./columns.ts";
import { authors } from "./listening.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, real, sqliteTable, text, uniqueIndex } = drizzleModule.sqliteCore();

export const customers = sqliteTable(
  "customers",
  {
    id: id(),
    workspaceId: workspaceId(),
    externalId: text("external_id"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    value: real("value"),
    vip: bool("vip").notNull().default(false),
    consent: json<Record<string, boolean>>("consent").notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("customers_external_idx").on(t.workspaceId, t.externalId)],
);

export const identityLinks = sqliteTable(
  "identity_links",
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["suggested", "confirmed", "rejected"] }).notNull(),
    evidence: json<{ kind: string; detail: string }[]>("evidence").notNull().default([]),
    confidence: real("confidence").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("identity_links_pair_key").on(t.customerId, t.authorId)],
);
