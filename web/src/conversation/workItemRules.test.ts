import { describe, expect, it } from "vitest";
import type { WorkItemView } from "../api/types.ts";
import { allowedActions } from "./workItemRules.ts";

const ANN = "00000000-0000-4000-8000-00000000000a";
const BOB = "00000000-0000-4000-8000-00000000000b";

function item(over: Partial<WorkItemView>): WorkItemView {
  return { state: "new", assignee: null, offer: null, ...over } as WorkItemView;
}
const offerTo = (id: string) => ({ agent: { id, name: id }, expiresAt: "2026-11-02T09:01:00.000Z" });

describe("the actions a user may take on a work item", () => {
  it("lets an agent close only what they hold", () => {
    expect([...allowedActions(item({}), ANN, "agent")]).toEqual(["claim"]);
    const held = item({ state: "reserved", assignee: { id: ANN, name: "Ann" } });
    expect(allowedActions(held, ANN, "agent")).toEqual(new Set(["release", "resolve", "discard"]));
  });

  it("offers accept and decline to the agent it is offered to, and keeps others from claiming it", () => {
    const offered = item({ offer: offerTo(ANN) });
    expect(allowedActions(offered, ANN, "agent")).toEqual(new Set(["accept", "decline", "claim"]));
    expect(allowedActions(offered, BOB, "agent").size).toBe(0);
    expect(allowedActions(offered, BOB, "supervisor")).toEqual(new Set(["claim", "resolve", "discard"]));
  });

  it("lets analysts only read", () => {
    expect(allowedActions(item({ offer: offerTo(ANN) }), ANN, "analyst").size).toBe(0);
  });
});
