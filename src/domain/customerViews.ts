/** What the API presents of customers, their links, timeline and retention; zod schemas shared with the web app. */
import { z } from "zod";
import { TIERS } from "./customer.ts";

export const consentView = z.object({
  publicReply: z.boolean(),
  privateContact: z.boolean(),
  survey: z.boolean(),
});

export const customerView = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  handles: z.record(z.string(), z.array(z.string())),
  orders: z.array(z.string()),
  location: z.string().nullable(),
  tier: z.enum(TIERS),
  language: z.string().nullable(),
  consent: consentView,
  customFields: z.record(z.string(), z.string()),
  /** Set while merged into another customer. */
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerView = z.infer<typeof customerView>;

export const linkEvidenceView = z.object({
  kind: z.enum(["handle", "email", "phone", "order", "name_location", "agent", "customer"]),
  detail: z.string(),
});

export const linkView = z.object({
  id: z.string(),
  customerId: z.string(),
  status: z.enum(["suggested", "confirmed", "rejected"]),
  confidence: z.number(),
  evidence: z.array(linkEvidenceView),
  author: z.object({ id: z.string(), platform: z.string(), handle: z.string(), name: z.string().nullable() }),
  decidedAt: z.string().nullable(),
  /** Who made a confirmed link: an agent, or the customer through a one-time link. */
  linkedBy: z.enum(["agent", "customer"]).nullable(),
  /** The customer the link came from through a merge. */
  mergedFrom: z.string().nullable(),
  createdAt: z.string(),
});
export type LinkView = z.infer<typeof linkView>;

export const customerDetailView = customerView.extend({
  links: z.array(linkView),
  /** Customers merged into this one (unmerge restores them). */
  merged: z.array(customerView),
});
export type CustomerDetailView = z.infer<typeof customerDetailView>;

/** The customer panel beside a conversation: the author's confirmed customer, and suggestions to decide. */
export const authorCustomerView = z.object({
  authorId: z.string(),
  customer: customerView.nullable(),
  link: linkView.nullable(),
  suggestions: z.array(linkView.extend({ customer: customerView })),
  /** What the customer declined, for the composer to show before sending. */
  consent: consentView,
});
export type AuthorCustomerView = z.infer<typeof authorCustomerView>;

export const timelineEntryView = z.object({
  kind: z.enum(["post", "email", "work_item", "reply", "note", "survey_invitation", "survey_answer"]),
  at: z.string(),
  id: z.string(),
  conversationId: z.string(),
  platform: z.string(),
  text: z.string(),
  channel: z.enum(["public", "private"]).nullable(),
  detail: z.string(),
  url: z.string().nullable(),
});
export const timelineView = z.object({ items: z.array(timelineEntryView) });
export type TimelineView = z.infer<typeof timelineView>;

export const importBadRowView = z.object({ line: z.number().int(), code: z.string(), message: z.string() });
export const customerImportReportView = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(importBadRowView),
  /** Bad rows beyond the ones listed. */
  moreErrors: z.number().int(),
  bytesRead: z.number().int(),
});
export type CustomerImportReport = z.infer<typeof customerImportReportView>;

export const retentionPolicyView = z.object({
  maxAgeDays: z.number().int().nullable(),
  mode: z.enum(["delete", "anonymise"]),
});
export const retentionRunView = z.object({
  id: z.string(),
  mode: z.enum(["delete", "anonymise"]),
  cutoff: z.string(),
  posts: z.number().int(),
  conversations: z.number().int(),
  workItems: z.number().int(),
  replies: z.number().int(),
  authors: z.number().int(),
  at: z.string(),
});
export type RetentionRunView = z.infer<typeof retentionRunView>;
