import { describe, expect, it } from "vitest";
import { isParleyError } from "../errors.ts";
import { nextState, reopensItem } from "./workItem.ts";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return isParleyError(err) ? err.code : "other";
  }
  return "none";
};

describe("work item moves", () => {
  it("reserves a new item for the agent who claims it", () => {
    expect(nextState({ state: "new", assigneeId: null }, "claim", "ada")).toEqual({
      state: "reserved",
      assigneeId: "ada",
    });
  });

  it("refuses a claim on an item another agent holds", () => {
    expect(codeOf(() => nextState({ state: "reserved", assigneeId: "bob" }, "claim", "ada"))).toBe(
      "work_item_reserved",
    );
  });

  it("treats a repeated claim by the holder as a no-op", () => {
    expect(nextState({ state: "reserved", assigneeId: "ada" }, "claim", "ada")).toEqual({
      state: "reserved",
      assigneeId: "ada",
    });
  });

  it("lets only the holder resolve a reserved item unless overridden", () => {
    expect(codeOf(() => nextState({ state: "reserved", assigneeId: "bob" }, "resolve", "ada"))).toBe(
      "work_item_reserved",
    );
    expect(nextState({ state: "reserved", assigneeId: "bob" }, "resolve", "sup", true)).toEqual({
      state: "handled",
      assigneeId: "bob",
    });
  });

  it("closes an unclaimed item only for a supervisor, who is then recorded as its assignee", () => {
    for (const action of ["resolve", "discard"] as const) {
      expect(() => nextState({ state: "new", assigneeId: null }, action, "ada")).toThrow(
        expect.objectContaining({ code: "work_item_not_held" }),
      );
    }
    expect(nextState({ state: "new", assigneeId: null }, "resolve", "ada", true)).toEqual({
      state: "handled",
      assigneeId: "ada",
    });
  });

  it("clears the assignee on release and reopen", () => {
    expect(nextState({ state: "reserved", assigneeId: "ada" }, "release", "ada").assigneeId).toBeNull();
    expect(nextState({ state: "handled", assigneeId: "ada" }, "reopen", "ada")).toEqual({
      state: "new",
      assigneeId: null,
    });
  });

  it("refuses moves that make no sense from the current state", () => {
    expect(codeOf(() => nextState({ state: "handled", assigneeId: "ada" }, "claim", "ada"))).toBe(
      "invalid_transition",
    );
    expect(codeOf(() => nextState({ state: "new", assigneeId: null }, "release", "ada"))).toBe(
      "invalid_transition",
    );
    expect(codeOf(() => nextState({ state: "discarded", assigneeId: null }, "resolve", "ada"))).toBe(
      "invalid_transition",
    );
  });
});

describe("a customer's post after a close", () => {
  const DAY = 24 * 60 * 60_000;
  const closedAt = Date.UTC(2026, 10, 2, 9);

  it("reopens a resolved item within the window, and only then", () => {
    expect(reopensItem({ state: "handled", closedAt }, closedAt + DAY, 7 * DAY)).toBe(true);
    expect(reopensItem({ state: "handled", closedAt }, closedAt + 7 * DAY, 7 * DAY)).toBe(true);
    expect(reopensItem({ state: "handled", closedAt }, closedAt + 7 * DAY + 1, 7 * DAY)).toBe(false);
  });

  it("never reopens a discarded item, or with a window of 0", () => {
    expect(reopensItem({ state: "discarded", closedAt }, closedAt + 1, 7 * DAY)).toBe(false);
    expect(reopensItem({ state: "handled", closedAt }, closedAt + 1, 0)).toBe(false);
    expect(reopensItem({ state: "handled", closedAt: null }, closedAt, 7 * DAY)).toBe(false);
  });
});
