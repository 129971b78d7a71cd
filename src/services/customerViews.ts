/** Customers, links and timeline entries as the API presents them. */
import type { CustomerView, LinkView } from "../domain/customerViews.ts";
import type { CustomerRow, LinkRow } from "../store/customers.ts";

export function presentCustomer(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    emails: row.emails,
    phones: row.phones,
    handles: row.handles,
    orders: row.orders,
    location: row.location,
    tier: row.tier,
    language: row.language,
    consent: row.consent,
    customFields: row.customFields,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentLink(
  link: LinkRow,
  author: { id: string; platform: string; handle: string; name: string | null },
): LinkView {
  return {
    id: link.id,
    customerId: link.customerId,
    status: link.status,
    confidence: link.confidence,
    evidence: link.evidence,
    author,
    decidedAt: link.decidedAt ? link.decidedAt.toISOString() : null,
    linkedBy: link.status === "confirmed" ? (link.linkedBy ?? "agent") : null,
    mergedFrom: link.mergedFrom,
    createdAt: link.createdAt.toISOString(),
  };
}
