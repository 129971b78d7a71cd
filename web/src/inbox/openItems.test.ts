import { describe, expect, it } from "vitest";
import { decodeCursor, decodeDueCursor } from "../../../src/services/workItems.ts";
import type { WorkItemView } from "../api/types.ts";
import { applyChange, LIVE_LIMIT } from "./openItems.ts";

const item = (n: number, priority: number): WorkItemView =>
  ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    state: "new",
    priority,
    queue: null,
    assignee: null,
    createdAt: new Date(Date.UTC(2026, 11, 2, 8, 0, n)).toISOString(),
    sla: null,
  }) as WorkItemView;

describe("the live inbox list", () => {
  it("keeps at most LIVE_LIMIT rows, leaving the ones pushed off the end to Load more", () => {
    const items = Array.from({ length: LIVE_LIMIT }, (_, i) => item(i, 1000 - i));
    let list = { items, nextCursor: null as string | null };
    const arrival = item(LIVE_LIMIT + 1, 2000);
    list = applyChange(list, arrival, "all", "u");
    expect(list.items).toHaveLength(LIVE_LIMIT);
    expect(list.items[0]!.id).toBe(arrival.id);
    const last = list.items.at(-1)!;
    expect(last.id).toBe(items[LIVE_LIMIT - 2]!.id);
    // The cursor is the server's own: the next page starts right after the last row kept.
    expect(decodeCursor(list.nextCursor!)).toEqual({
      priority: last.priority,
      createdAt: last.createdAt,
      id: last.id,
    });
  });

  it("writes the cursor of the time-to-breach order when sorted by it", () => {
    const items = Array.from({ length: LIVE_LIMIT }, (_, i) => item(i, 50));
    const list = applyChange(
      { items, nextCursor: null },
      item(LIVE_LIMIT + 5, 50),
      "all",
      "u",
      null,
      "breach",
    );
    expect(list.items).toHaveLength(LIVE_LIMIT);
    const last = list.items.at(-1)!;
    expect(decodeDueCursor(list.nextCursor!)).toEqual({
      dueAt: null,
      createdAt: last.createdAt,
      id: last.id,
    });
  });

  it("leaves a list under the limit whole, with no cursor", () => {
    const list = applyChange({ items: [item(1, 10)], nextCursor: null }, item(2, 20), "all", "u");
    expect(list.items.map((i) => i.priority)).toEqual([20, 10]);
    expect(list.nextCursor).toBeNull();
  });
});
