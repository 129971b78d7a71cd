/** Customers and the social profiles linked to them. */

import { type CustomerConsent, DEFAULT_CONSENT, type LinkEvidence } from "../../../domain/customer.ts";
import { drizzleModule, sql } from "../../orm.ts";
import { users } from "./access.ts";
import { createdAt, id } from "./columns.ts";
import { authors } from "./listening.ts";
import { workspaceId } from "./workspaceColumn.ts";

const { index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } = drizzleModule.pgCore();
export const customers = pgTable(
  "customers",
  {
    id: id(),
    workspaceId: workspaceId(),
    /** The CRM's id: a re-import updates the customer holding it. */
    externalId: text("external_id"),
    name: text("name"),
    /** Lower-case addresses. */
    emails: jsonb("emails").$type<string[]>().notNull().default([]),
    /** Digits only, with a leading + when the country code was given. */
    phones: jsonb("phones").$type<string[]>().notNull().default([]),
    /** Handles lower-case without @, by platform. */
    handles: jsonb("handles").$type<Record<string, string[]>>().notNull().default({}),
    /** Order or account numbers the CRM holds for them. */
    orders: jsonb("orders").$type<string[]>().notNull().default([]),
    location: text("location"),
    tier: text("tier", { enum: ["standard", "silver", "gold", "vip"] })
      .notNull()
      .default("standard"),
    language: text("language"),
    consent: jsonb("consent").$type<CustomerConsent>().notNull().default(DEFAULT_CONSENT),
    customFields: jsonb("custom_fields").$type<Record<string, string>>().notNull().default({}),
    /** Set while the customer is merged into another one: hidden from lists, its links moved there. */
    mergedInto: uuid("merged_into"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customers_external_key").on(t.workspaceId, t.externalId).where(sql`external_id is not null`),
    index("customers_name_idx").on(t.workspaceId, t.name),
  ],
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
    evidence: jsonb("evidence").$type<LinkEvidence[]>().notNull().default([]),
    confidence: real("confidence").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Who confirmed or rejected it, and when. */
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    /** The customer the link belonged to before a merge moved it; unmerging moves it back. */
    mergedFrom: uuid("merged_from"),
    /** Who made a confirmed link: an agent, or the customer through a one-time link. */
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

/**
 * What finds a customer from evidence: each normalized identifier (an email, a phone's digits, a
 * handle on a platform, an order number, a name) once per customer, so a lookup is one index read.
 */
export const customerKeys = pgTable(
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

/**
 * A request that the customer confirm a link themselves: a one-time link sent in a private
 * message. Only the SHA-256 of its token is kept; the token is derived from the row's id with the
 * configured key when the message is sent, so the database alone holds nothing that confirms.
 */
export const linkConfirmations = pgTable(
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
    /** The private message that carries the link. */
    replyId: uuid("reply_id"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("link_confirmations_token_key").on(t.tokenHash),
    index("link_confirmations_reply_idx").on(t.replyId),
    index("link_confirmations_author_idx").on(t.authorId),
  ],
);
