import { describe, expect, it } from "vitest";
import type { DomainEvent, NewEvent } from "./events.ts";
import { historyRowOf } from "./itemHistory.ts";

let seq = 0;
const at = new Date(Date.UTC(2026, 10, 2, 9));
const event = (e: NewEvent): DomainEvent => ({ ...e, id: `e${++seq}`, seq, at }) as DomainEvent;
const ws = "ws";
const item = "item-1";

describe("a work item's history from its events", () => {
  it("tells taking an item apart from being given it", () => {
    const claimed = historyRowOf(
      event({
        type: "work_item.assigned",
        workspaceId: ws,
        data: { workItemId: item, agentUserId: "a", actorUserId: "a" },
      }),
    );
    expect(claimed).toMatchObject({ kind: "claimed", actorUserId: "a", agentUserId: "a", workItemId: item });
    const given = historyRowOf(
      event({
        type: "work_item.assigned",
        workspaceId: ws,
        data: { workItemId: item, agentUserId: "a", actorUserId: "boss" },
      }),
    );
    expect(given).toMatchObject({ kind: "transferred", actorUserId: "boss", agentUserId: "a" });
    // Taken back from everyone: the move says what happened (released, resolved…).
    expect(
      historyRowOf(
        event({
          type: "work_item.assigned",
          workspaceId: ws,
          data: { workItemId: item, agentUserId: null, actorUserId: "a" },
        }),
      ),
    ).toBeNull();
  });

  it("names each move by where it went and from where", () => {
    const move = (from: string, to: string, actorUserId: string | null, reason?: string) =>
      historyRowOf(
        event({
          type: "work_item.moved",
          workspaceId: ws,
          data: { workItemId: item, from, to, actorUserId, ...(reason ? { reason } : {}) },
        }),
      );
    expect(move("new", "reserved", "a")).toBeNull();
    expect(move("reserved", "new", "a")?.kind).toBe("released");
    expect(move("reserved", "handled", "a")?.kind).toBe("resolved");
    expect(move("reserved", "discarded", "a", "spam")).toMatchObject({
      kind: "discarded",
      detail: { reason: "spam" },
    });
    expect(move("handled", "new", null)).toMatchObject({ kind: "reopened", actorUserId: null });
    expect(move("reserved", "queued_external", "a")?.kind).toBe("handed_off");
    expect(move("queued_external", "new", null)?.kind).toBe("returned");
  });

  it("keeps the queue and why it was routed, and a transfer's actor", () => {
    const routed = historyRowOf(
      event({
        type: "work_item.queued",
        workspaceId: ws,
        data: { workItemId: item, queueId: "q", reason: "rule" },
      }),
    );
    expect(routed).toMatchObject({ kind: "routed", queueId: "q", detail: { reason: "rule" } });
    const moved = historyRowOf(
      event({
        type: "work_item.queued",
        workspaceId: ws,
        data: { workItemId: item, queueId: "q2", reason: "transfer", actorUserId: "boss" },
      }),
    );
    expect(moved).toMatchObject({ kind: "transferred", queueId: "q2", actorUserId: "boss" });
  });

  it("leaves out events that are no step of an item, or of no workspace", () => {
    expect(
      historyRowOf(event({ type: "routing.changed", workspaceId: ws, data: { change: "rule" } })),
    ).toBeNull();
    expect(
      historyRowOf(event({ type: "work_item.opened", workspaceId: null, data: { workItemId: item } })),
    ).toBeNull();
    expect(
      historyRowOf(event({ type: "work_item.opened", workspaceId: ws, data: { workItemId: item } })),
    ).toMatchObject({
      kind: "opened",
      eventId: `e${seq}`,
      seq,
      at,
    });
  });
});
