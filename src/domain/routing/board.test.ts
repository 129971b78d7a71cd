import { describe, expect, it } from "vitest";
import {
  type Board,
  estimatedWaitMs,
  nextItemFor,
  overflowTarget,
  planOffers,
  type RoutingItem,
} from "./board.ts";
import { acceptMove, assertClaimable, offerMove, withdrawMove } from "./offers.ts";

function item(id: string, over: Partial<RoutingItem> = {}): RoutingItem {
  return {
    id,
    queueId: "q",
    priority: 1,
    waitingSince: 0,
    channel: "public",
    holderId: null,
    offeredTo: null,
    ...over,
  };
}

const queue = {
  id: "q",
  requiredSkills: [{ kind: "language" as const, value: "en" }],
  overflowQueueId: "q2",
  overflowAfterMs: 60_000,
};

function board(items: RoutingItem[]): Board {
  return {
    agents: [
      {
        id: "novice",
        presence: "available",
        skills: [{ kind: "language", value: "en", proficiency: 1 }],
        capacity: 3,
        idleSince: 0,
      },
      {
        id: "expert",
        presence: "available",
        skills: [{ kind: "language", value: "en", proficiency: 5 }],
        capacity: 1,
        idleSince: 10,
      },
      {
        id: "away",
        presence: "away",
        skills: [{ kind: "language", value: "en", proficiency: 5 }],
        capacity: 9,
        idleSince: 0,
      },
      {
        id: "french",
        presence: "available",
        skills: [{ kind: "language", value: "fr", proficiency: 5 }],
        capacity: 9,
        idleSince: 0,
      },
    ],
    queues: new Map([[queue.id, queue]]),
    items,
    weights: { private: 2 },
  };
}

describe("push and pull routing", () => {
  it("offers the best item to the most proficient agent, then fills the others by capacity", () => {
    const offers = planOffers(
      board([
        item("old", { waitingSince: 1 }),
        item("urgent", { priority: 3, waitingSince: 5 }),
        item("new", { waitingSince: 9 }),
      ]),
    );
    expect(offers).toEqual([
      { itemId: "urgent", agentId: "expert" },
      { itemId: "old", agentId: "novice" },
      { itemId: "new", agentId: "novice" },
    ]);
  });

  it("offers to the longest idle of two equally skilled agents with equal room", () => {
    const skills = [{ kind: "language" as const, value: "en", proficiency: 3 }];
    const b: Board = {
      ...board([item("x")]),
      agents: [
        { id: "busy-lately", presence: "available", skills, capacity: 2, idleSince: 500 },
        { id: "idle-longest", presence: "available", skills, capacity: 2, idleSince: 100 },
      ],
    };
    expect(planOffers(b)).toEqual([{ itemId: "x", agentId: "idle-longest" }]);
  });

  it("counts a private message by its channel's weight", () => {
    const offers = planOffers(
      board([
        item("held", { holderId: "novice" }),
        item("dm", { channel: "private" }),
        item("dm2", { channel: "private" }),
      ]),
    );
    expect(offers).toEqual([{ itemId: "dm", agentId: "novice" }]);
  });

  it("lets an agent pull the next best item they qualify for, their own offers first", () => {
    const b = board([
      item("a", { waitingSince: 5 }),
      item("b", { waitingSince: 1 }),
      item("mine", { waitingSince: 9, offeredTo: "novice" }),
    ]);
    expect(nextItemFor(b, "novice")?.id).toBe("mine");
    expect(nextItemFor(b, "expert")?.id).toBe("b");
    expect(nextItemFor(b, "french")).toBeNull();
  });

  it("overflows a waiting item after the queue's wait", () => {
    expect(overflowTarget(queue, item("x"), 59_999)).toBeNull();
    expect(overflowTarget(queue, item("x"), 60_000)).toBe("q2");
    expect(overflowTarget(queue, item("x", { holderId: "novice" }), 90_000)).toBeNull();
  });

  it("estimates the wait from the recent handling rate, and none without one", () => {
    expect(estimatedWaitMs(9, 20, 3_600_000)).toBe(1_800_000);
    expect(estimatedWaitMs(9, 0, 3_600_000)).toBeNull();
  });
});

describe("offers", () => {
  const fresh = { state: "new" as const, assigneeId: null, offeredTo: null, offerExpiresAt: null };
  it("reserves an offered item for its agent until the offer runs out", () => {
    const offered = { ...fresh, ...offerMove(fresh, "ann", 1000, 30_000) };
    expect(() => assertClaimable(offered, "bob", 2000, false)).toThrow(
      expect.objectContaining({ code: "work_item_reserved" }),
    );
    expect(() => assertClaimable(offered, "bob", 2000, true)).not.toThrow();
    expect(() => offerMove(offered, "bob", 2000, 30_000)).toThrow(
      expect.objectContaining({ code: "work_item_reserved" }),
    );
    expect(acceptMove(offered, "ann", 2000)).toEqual({ state: "reserved", assigneeId: "ann" });
    expect(() => acceptMove(offered, "bob", 2000)).toThrow(expect.objectContaining({ code: "not_offered" }));
    expect(() => acceptMove(offered, "ann", 31_000)).toThrow(
      expect.objectContaining({ code: "offer_expired" }),
    );
    expect(() => assertClaimable(offered, "bob", 31_000, false)).not.toThrow();
    expect(withdrawMove(offered, "ann")).toEqual({ offeredTo: null, offerExpiresAt: null });
    expect(() => withdrawMove(offered, "bob")).toThrow(expect.objectContaining({ code: "not_offered" }));
    expect(withdrawMove(fresh, null)).toBeNull();
  });
});
