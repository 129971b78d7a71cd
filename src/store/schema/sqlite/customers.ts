/** Customers and the social profiles linked to them. */

import { type CustomerConsent, DEFAULT_CONSENT, type LinkEvidence } from "../../../domain/customer.ts";
import { drizzleModule, sql } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id, json, time, uuid } from "./columns.ts";
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
    emails: json<string[]>("emails").notNull().default([]),
    phones: json<string[]>("phones").notNull().default([]),
    handles: json<Record<string, string[]>>("handles").notNull().default({}),
    orders: json<string[]>("orders").notNull().default([]),
    location: text("location"),
    tier: text("tier", { enum: ["standard", "silver", "gold", "vip"] })
      .notNull()
      .default("standard"),
    language: text("language"),
    consent: json<CustomerConsent>("consent").notNull().default(DEFAULT_CONSENT),
    customFields: json<Record<string, string>>("custom_fields").notNull().default({}),
    mergedInto: uuid("merged_into"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customers_external_key").on(t.workspaceId, t.externalId).where(sql`external_id is not null`),
    index("customers_name_idx").on(t.workspaceId, t.name),
  ],
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
    evidence: json<LinkEvidence[]>("evidence").notNull().default([]),
    confidence: real("confidence").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: time("decided_at"),
    mergedFrom: uuid("merged_from"),
    linkedBy: text("linked_by", { enum: ["agent", "customer"] }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("identity_links_pair_key").on(t.customerId, t.authorId),
    index("identity_links_author_idx").on(t.authorId),
    // Whether a workspace has confirmed links at all: one probe before the pipeline reads tiers.
    index("identity_links_status_idx").on(t.workspaceId, t.status),
  ],
);

export const customerKeys = sqliteTable(
  "customer_keys",
  {
    workspaceId: workspaceId(),
    kind: text("kind", { enum: ["email", "phone", "handle", "order", "name"] }).notNull(),
    value: text("value").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("customer_keys_key").on(t.workspaceId, t.kind, t.value, t.customerId),
    index("customer_keys_customer_idx").on(t.customerId),
  ],
);

export const linkConfirmations = sqliteTable(
  "link_confirmations",
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    replyId: uuid("reply_id"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: time("expires_at").notNull(),
    usedAt: time("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("link_confirmations_token_key").on(t.tokenHash),
    index("link_confirmations_reply_idx").on(t.replyId),
    index("link_confirmations_author_idx").on(t.authorId),
  ],
);
