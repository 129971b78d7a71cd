import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.ts";
import { conditionWords, knownValues, moved, opsFor, problemsByField } from "./ruleWords.ts";

describe("routing rule words", () => {
  it("offers the operators each field takes, and the values it knows", () => {
    expect(opsFor("author_followers")).toEqual(["at_least"]);
    expect(opsFor("customer_tier")).toEqual(["in", "not_in"]);
    expect(knownValues("customer_tier", [])?.map((v) => v.value)).toEqual([
      "standard",
      "silver",
      "gold",
      "vip",
    ]);
    expect(knownValues("campaign", [{ id: "c1", name: "Launch" }])).toEqual([
      { value: "c1", label: "Launch" },
    ]);
    expect(knownValues("topic", [])).toBeNull();
  });

  it("says a condition as a sentence, campaigns by name", () => {
    expect(conditionWords({ field: "intent", op: "not_in", values: ["purchase_intent"] }, String)).toBe(
      "intent is none of purchase intent",
    );
    expect(conditionWords({ field: "campaign", op: "in", values: ["c1"] }, () => "Launch")).toBe(
      "campaign is one of Launch",
    );
    expect(conditionWords({ field: "author_vip", op: "in", values: ["false"] }, String)).toBe(
      "author on a VIP list: no",
    );
  });

  it("puts each problem the API names on its field", () => {
    const failure = new ApiError("validation_failed", 400, "The request is not valid", [
      { path: "conditions.1.values.0", message: "Too short" },
      { path: "queueId", message: "The rule's queue does not exist" },
      { path: "conditions.1.values.3", message: "A second one" },
      { path: "position", message: "Too big" },
    ]);
    const byField = problemsByField(failure);
    expect(byField.get("conditions.1.values")).toBe("Too short");
    expect(byField.get("queueId")).toBe("The rule's queue does not exist");
    expect(byField.get("")).toBe("Too big");
    expect(problemsByField(new Error("boom")).size).toBe(0);
  });

  it("moves a rule up or down, and not past either end", () => {
    expect(moved(["a", "b", "c"], "c", -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], "a", -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], "b", 1)).toEqual(["a", "c", "b"]);
  });
});
