/** The customers API as the web app calls it. */

import type { CustomerInput } from "../../../src/domain/customerInput.ts";
import type {
  AuthorCustomerView,
  CustomerDetailView,
  CustomerImportReport,
  CustomerView,
  LinkView,
  TimelineView,
} from "../../../src/domain/customerViews.ts";
import type { Page } from "../../../src/domain/views.ts";
import { ApiError, request } from "../api/client.ts";

export type {
  AuthorCustomerView,
  CustomerDetailView,
  CustomerImportReport,
  CustomerInput,
  CustomerView,
  LinkView,
  TimelineView,
};

const id = encodeURIComponent;

export const customerApi = {
  list: (q: string, cursor: string | null) => {
    const query = new URLSearchParams({ limit: "50" });
    if (q.trim()) query.set("q", q.trim());
    if (cursor) query.set("cursor", cursor);
    return request<Page<CustomerView>>("GET", `/api/customers?${query}`);
  },
  get: (customerId: string) => request<CustomerDetailView>("GET", `/api/customers/${id(customerId)}`),
  create: (input: CustomerInput) => request<CustomerView>("POST", "/api/customers", input),
  update: (customerId: string, input: CustomerInput) =>
    request<CustomerView>("PATCH", `/api/customers/${id(customerId)}`, input),
  merge: (customerId: string, into: string) =>
    request<CustomerDetailView>("POST", `/api/customers/${id(customerId)}/merge`, { into }),
  unmerge: (customerId: string) =>
    request<CustomerDetailView>("POST", `/api/customers/${id(customerId)}/unmerge`),
  timeline: (customerId: string) => request<TimelineView>("GET", `/api/customers/${id(customerId)}/timeline`),
  forAuthor: (authorId: string) =>
    request<AuthorCustomerView>("GET", `/api/authors/${id(authorId)}/customer`),
  link: (authorId: string, customerId: string) =>
    request<LinkView>("POST", `/api/authors/${id(authorId)}/links`, { customerId }),
  decide: (linkId: string, decision: "confirmed" | "rejected") =>
    request<LinkView>("POST", `/api/links/${id(linkId)}/decision`, { decision }),
  undo: (linkId: string) => request<void>("DELETE", `/api/links/${id(linkId)}`),
  /** A private message with a one-time link the customer confirms the link with. */
  askToConfirm: (authorId: string, customerId: string) =>
    request<{ id: string; expiresAt: string }>("POST", `/api/authors/${id(authorId)}/confirmation-requests`, {
      customerId,
    }),

  /** Uploads a CSV export; the body streams to the server, which answers with the report. */
  async importCsv(file: File, map: string): Promise<CustomerImportReport> {
    const response = await fetch(`/api/customers/import?map=${encodeURIComponent(map)}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "text/csv" },
      body: file,
    });
    const payload = (await response.json().catch(() => null)) as
      | (CustomerImportReport & { error?: { code: string; message: string } })
      | null;
    if (!response.ok)
      throw new ApiError(
        payload?.error?.code ?? `http_${response.status}`,
        response.status,
        payload?.error?.message ?? response.statusText,
      );
    return payload as CustomerImportReport;
  },
};
