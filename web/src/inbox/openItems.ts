/**
 * The open-items list as pure functions: the order the server uses and how a live update changes
 * the list, so live changes land exactly where a reload would put them.
 */

import { type InboxFilter, matchesInboxFilter } from "../../../src/domain/inboxFilter.ts";
import { encodeCursor, encodeDueCursor } from "../../../src/domain/workItemCursor.ts";
import type { WorkItemFilter, WorkItemSort } from "../api/client.ts";
import type { WorkItemView } from "../api/types.ts";

/**
 * Rows the live list keeps at most. Arrivals beyond it push the lowest rows off the end, where
 * "Load more" finds them again, so a screen left open all day stays as quick as a fresh one.
 */
export const LIVE_LIMIT = 300;

/** Priority first, then the oldest, so nothing important waits behind newer noise. */
export function compareWorkItems(a: WorkItemView, b: WorkItemView): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const byAge = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return byAge !== 0 ? byAge : a.id.localeCompare(b.id);
}

/** Soonest SLA due time first (items without one last), then the oldest: the server's `breach` order. */
export function compareByBreach(a: WorkItemView, b: WorkItemView): number {
  const due = (item: WorkItemView) =>
    item.sla?.dueAt ? Date.parse(item.sla.dueAt) : Number.POSITIVE_INFINITY;
  const byDue = due(a) - due(b);
  if (byDue !== 0 && !Number.isNaN(byDue)) return byDue;
  const byAge = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return byAge !== 0 ? byAge : a.id.localeCompare(b.id);
}

export function comparerFor(sort: WorkItemSort): (a: WorkItemView, b: WorkItemView) => number {
  return sort === "breach" ? compareByBreach : compareWorkItems;
}

export function belongsInList(
  item: WorkItemView,
  filter: WorkItemFilter,
  userId: string,
  queue: string | null = null,
  narrow?: InboxFilter,
): boolean {
  if (item.state !== "new" && item.state !== "reserved") return false;
  if (queue !== null && item.queue !== queue) return false;
  if (!matchesInboxFilter(item.post, narrow)) return false;
  return filter === "all" || item.assignee?.id === userId;
}

export interface OpenList {
  items: WorkItemView[];
  /** Cursor for the next page; null once everything is loaded. */
  nextCursor: string | null;
}

/**
 * Puts a changed item where it belongs, or takes it out. When more pages remain unloaded, an item
 * that sorts after the last loaded row is left for paging, so the list never shows a false gap.
 */
export function applyChange(
  list: OpenList,
  item: WorkItemView,
  filter: WorkItemFilter,
  userId: string,
  queue: string | null = null,
  sort: WorkItemSort = "priority",
  narrow?: InboxFilter,
): OpenList {
  const compare = comparerFor(sort);
  const without = list.items.filter((existing) => existing.id !== item.id);
  if (!belongsInList(item, filter, userId, queue, narrow)) {
    return without.length === list.items.length ? list : { ...list, items: without };
  }
  const last = without.at(-1);
  if (list.nextCursor !== null && last && compare(item, last) > 0) {
    return { ...list, items: without };
  }
  const at = without.findIndex((existing) => compare(item, existing) < 0);
  const items = [...without];
  items.splice(at === -1 ? items.length : at, 0, item);
  if (items.length <= LIVE_LIMIT) return { ...list, items };
  const kept = items.slice(0, LIVE_LIMIT);
  const edge = kept.at(-1)!;
  return { items: kept, nextCursor: sort === "breach" ? encodeDueCursor(edge) : encodeCursor(edge) };
}

/** Appends a fetched page, skipping rows a live update already brought in. */
export function appendPage(list: OpenList, page: OpenList): OpenList {
  const known = new Set(list.items.map((item) => item.id));
  return {
    items: [...list.items, ...page.items.filter((item) => !known.has(item.id))],
    nextCursor: page.nextCursor,
  };
}
