/**
 * Hash routes (#/, #/conversations/:id?item=:workItemId, #/campaigns, #/insights, #/audit, #/sources,
 * #/settings, #/routing, #/supervisor, #/sla, #/templates, #/approvals, #/customers, #/alerts?alert=:id, #/incidents, #/incidents/:id), so deep links
 * work whatever the server does with unknown paths.
 */
import { useSyncExternalStore } from "react";
import { INBOX_FILTER_PARAMS, type InboxFilterParams } from "../../src/domain/inboxFilter.ts";

export type Route =
  /** `narrow`: the inbox's filter, kept in the address (`#/inbox?intent=complaint&q=refund`). */
  | { page: "inbox"; narrow: InboxFilterParams }
  | { page: "campaigns" }
  | { page: "insights" }
  | { page: "audit" }
  | { page: "sources" }
  | { page: "settings" }
  | { page: "routing" }
  | { page: "supervisor" }
  | { page: "templates" }
  | { page: "approvals" }
  | { page: "customers" }
  | { page: "sla" }
  | { page: "alerts" }
  | { page: "incidents"; incidentId: string | null }
  | { page: "conversation"; conversationId: string; workItemId: string | null };

function parse(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const match = /^\/conversations\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    const workItemId = new URLSearchParams(query).get("item");
    return { page: "conversation", conversationId: decodeURIComponent(match[1]), workItemId };
  }
  if (path === "/campaigns") return { page: "campaigns" };
  if (path === "/insights") return { page: "insights" };
  if (path === "/audit") return { page: "audit" };
  if (path === "/sources") return { page: "sources" };
  if (path === "/settings") return { page: "settings" };
  if (path === "/routing") return { page: "routing" };
  if (path === "/supervisor") return { page: "supervisor" };
  if (path === "/templates") return { page: "templates" };
  if (path === "/approvals") return { page: "approvals" };
  if (path === "/customers") return { page: "customers" };
  if (path === "/sla") return { page: "sla" };
  if (path === "/alerts") return { page: "alerts" };
  if (path === "/incidents") return { page: "incidents", incidentId: null };
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  if (incident?.[1]) return { page: "incidents", incidentId: decodeURIComponent(incident[1]) };
  const params = new URLSearchParams(query);
  const narrow: InboxFilterParams = {};
  for (const name of INBOX_FILTER_PARAMS) {
    const value = params.get(name);
    if (value) narrow[name] = value;
  }
  return { page: "inbox", narrow };
}

/** The inbox with a filter; the plain inbox when the filter is empty. */
export function inboxHref(narrow: InboxFilterParams): string {
  const params = new URLSearchParams();
  for (const name of INBOX_FILTER_PARAMS) {
    const value = narrow[name];
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `#/inbox?${query}` : INBOX_HREF;
}

export function conversationHref(conversationId: string, workItemId: string): string {
  return `#/conversations/${encodeURIComponent(conversationId)}?item=${encodeURIComponent(workItemId)}`;
}

export const INBOX_HREF = "#/";
export const CAMPAIGNS_HREF = "#/campaigns";
export const INSIGHTS_HREF = "#/insights";
export const AUDIT_HREF = "#/audit";
export const SOURCES_HREF = "#/sources";
export const SETTINGS_HREF = "#/settings";
export const ROUTING_HREF = "#/routing";
export const SUPERVISOR_HREF = "#/supervisor";
export const TEMPLATES_HREF = "#/templates";
export const APPROVALS_HREF = "#/approvals";
export const CUSTOMERS_HREF = "#/customers";
export const SLA_HREF = "#/sla";
export const ALERTS_HREF = "#/alerts";
export const INCIDENTS_HREF = "#/incidents";

export function incidentHref(id: string): string {
  return `#/incidents/${encodeURIComponent(id)}`;
}

export function navigate(href: string): void {
  location.hash = href;
}

/** Moves to `href` in place of the current entry, so refining a view does not fill the history. */
export function replaceRoute(href: string): void {
  location.replace(href);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parse(hash);
}
