/**
 * The work-item list's page cursors, as the server issues them: the position of the last item of a
 * page in the list's order. Pure, so the web app writes the same cursor when it trims a live list
 * and leaves the rest to "Load more". The server reads them back in `services/workItems.ts`.
 */
import type { WorkItemView } from "./views.ts";

/** base64url without padding, of ASCII text (a cursor holds numbers, ISO times and UUIDs). */
function base64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A position in the priority order: priority, then age, then id. */
export function encodeCursor(item: Pick<WorkItemView, "priority" | "createdAt" | "id">): string {
  return base64url(JSON.stringify([item.priority, item.createdAt, item.id]));
}

/** A position in the time-to-breach order: the item's SLA due time (or none), then age. */
export function encodeDueCursor(item: Pick<WorkItemView, "sla" | "createdAt" | "id">): string {
  return base64url(JSON.stringify(["due", item.sla?.dueAt ?? null, item.createdAt, item.id]));
}
