import { describe, expect, it } from "vitest";
import type { WorkItemView } from "../api/types.ts";
import { applyChange, compareByBreach } from "../inbox/openItems.ts";
import { formatDuration, minutesToMs, parseStretches, slaSummary } from "./slaWords.ts";

const sla = (
  overrides: Partial<NonNullable<WorkItemView["sla"]>> = {},
): NonNullable<WorkItemView["sla"]> => ({
  policy: { id: "00000000-0000-4000-8000-000000000001", name: "Standard" },
  state: "on_time",
  status: "running",
  target: "first_response",
  dueAt: "2026-12-02T10:00:00.000Z",
  remainingMs: null,
  ...overrides,
});

describe("SLA words", () => {
  it("says the time left or past and what is due", () => {
    const now = Date.parse("2026-12-02T09:15:00.000Z");
    expect(slaSummary(sla(), now)).toEqual({
      state: "On time",
      detail: "45 min to first response",
      short: "45 min left",
    });
    expect(slaSummary(sla({ state: "breached" }), Date.parse("2026-12-02T11:30:00.000Z"))).toEqual({
      state: "Breached",
      detail: "first response 1 h 30 min late",
      short: "1 h 30 min late",
    });
    expect(
      slaSummary(sla({ status: "paused", target: null, dueAt: null, remainingMs: 3 * 3_600_000 }), now)
        .detail,
    ).toBe("waiting on the customer, 3 h of resolution left");
  });

  it("formats durations and reads forms, refusing what it cannot read", () => {
    expect(formatDuration(26 * 3_600_000)).toBe("1 d 2 h");
    expect(formatDuration(30_000)).toBe("under 1 min");
    expect(parseStretches("9:00-12:30, 13:30–18:00")).toEqual([
      { start: "09:00", end: "12:30" },
      { start: "13:30", end: "18:00" },
    ]);
    expect(() => parseStretches("morning")).toThrow(/not a stretch/);
    expect(minutesToMs("")).toBeNull();
    expect(minutesToMs("90")).toBe(5_400_000);
    expect(() => minutesToMs("-5")).toThrow(/minutes/);
  });
});

describe("the inbox in time-to-breach order", () => {
  const item = (id: string, dueAt: string | null, createdAt: string): WorkItemView =>
    ({
      id,
      state: "new",
      priority: 50,
      queue: null,
      assignee: null,
      createdAt,
      sla: dueAt ? sla({ dueAt }) : null,
    }) as WorkItemView;

  it("puts the soonest due first, items without a clock last, and a live change in its place", () => {
    const a = item("a", "2026-12-02T10:00:00.000Z", "2026-12-02T08:00:00.000Z");
    const b = item("b", "2026-12-02T09:00:00.000Z", "2026-12-02T08:30:00.000Z");
    const c = item("c", null, "2026-12-02T07:00:00.000Z");
    expect([a, b, c].sort(compareByBreach).map((i) => i.id)).toEqual(["b", "a", "c"]);
    const list = { items: [b, a, c], nextCursor: null };
    const moved = applyChange(
      list,
      { ...c, sla: sla({ dueAt: "2026-12-02T08:00:00.000Z" }) },
      "all",
      "u",
      null,
      "breach",
    );
    expect(moved.items.map((i) => i.id)).toEqual(["c", "b", "a"]);
  });
});
