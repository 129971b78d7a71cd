/** Customers and the social profiles linked to them. */

import { drizzleModule } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id } from "./columns.ts";
import { authors } from "./listening.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { boolean, doublePrecision, index, jsonb, pgTable, real, text, uniqueIndex, uuid } =
  drizzleModule.pgCore();
export const customers = pgTable(
  "customers",
  {
    id: id(),
    workspaceId: workspaceId(),
    externalId: text("external_id"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    value: doublePrecision("value"),
    vip: boolean("vip").notNull().default(false),
    consent: jsonb("consent").$type<Record<string, boolean>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("customers_external_idx").on(t.workspaceId, t.externalId)],
);

export const identityLinks = pgTable(
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
    evidence: jsonb("evidence").$type<{ kind: string; detail: string }[]>().notNull().default([]),
    confidence: real("confidence").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("identity_links_pair_key").on(t.customerId, t.authorId)],
);
