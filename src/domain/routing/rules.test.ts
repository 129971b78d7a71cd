import { describe, expect, it } from "vitest";
import { conditionProblem, type RoutingFacts, type RoutingRule, routeToQueue } from "./rules.ts";

const facts: RoutingFacts = {
  intent: "complaint",
  sentiment: "negative",
  urgency: "high",
  topic: "billing",
  language: "fr",
  channel: "public",
  platform: "x",
  campaignIds: ["c1"],
  authorHandle: "@Marie",
  authorVip: true,
  authorFollowers: 12_000,
  customerTier: "gold",
};

function rule(
  id: string,
  position: number,
  conditions: RoutingRule["conditions"],
  enabled = true,
): RoutingRule {
  return { id, position, queueId: `q-${id}`, enabled, conditions };
}

describe("routing rules", () => {
  it("puts the item in the queue of the first rule, by position, whose conditions all hold", () => {
    const rules = [
      rule("late", 2, [{ field: "language", op: "in", values: ["FR"] }]),
      rule("early", 1, [
        { field: "intent", op: "in", values: ["complaint"] },
        { field: "author_followers", op: "at_least", values: ["10000"] },
      ]),
    ];
    expect(routeToQueue(rules, facts)).toBe("q-early");
    expect(routeToQueue(rules, { ...facts, authorFollowers: 50 })).toBe("q-late");
  });

  it("skips disabled rules and answers null when none holds", () => {
    const rules = [
      rule("off", 1, [], false),
      rule("de", 2, [{ field: "language", op: "in", values: ["de"] }]),
    ];
    expect(routeToQueue(rules, facts)).toBeNull();
  });

  it("reads campaigns, authors with or without @, VIP and not_in", () => {
    expect(routeToQueue([rule("a", 1, [{ field: "campaign", op: "in", values: ["c2", "c1"] }])], facts)).toBe(
      "q-a",
    );
    expect(routeToQueue([rule("a", 1, [{ field: "author", op: "in", values: ["marie"] }])], facts)).toBe(
      "q-a",
    );
    expect(routeToQueue([rule("a", 1, [{ field: "author_vip", op: "in", values: ["true"] }])], facts)).toBe(
      "q-a",
    );
    expect(
      routeToQueue([rule("a", 1, [{ field: "platform", op: "not_in", values: ["x"] }])], facts),
    ).toBeNull();
    expect(
      routeToQueue([rule("a", 1, [{ field: "topic", op: "in", values: ["billing"] }])], {
        ...facts,
        topic: null,
      }),
    ).toBeNull();
  });

  it("explains conditions that cannot be meant", () => {
    expect(conditionProblem({ field: "intent", op: "in", values: [] })).toMatch(/at least one value/);
    expect(conditionProblem({ field: "intent", op: "at_least", values: ["3"] })).toMatch(
      /author_followers only/,
    );
    expect(conditionProblem({ field: "author_followers", op: "at_least", values: ["many"] })).toMatch(
      /one number/,
    );
    expect(conditionProblem({ field: "author_vip", op: "in", values: ["yes"] })).toMatch(/true or false/);
    expect(conditionProblem({ field: "intent", op: "in", values: ["question"] })).toBeNull();
  });

  it("routes by the tier of the customer the author is confirmed as", () => {
    const vip = rule("vip", 1, [{ field: "customer_tier", op: "in", values: ["vip"] }]);
    const gold = rule("gold", 2, [{ field: "customer_tier", op: "in", values: ["Gold", "silver"] }]);
    const known = rule("known", 3, [{ field: "customer_tier", op: "not_in", values: ["standard"] }]);
    expect(routeToQueue([vip, gold, known], facts)).toBe("q-gold");
    expect(routeToQueue([vip, gold, known], { ...facts, customerTier: "vip" })).toBe("q-vip");
    // No customer: no tier to be in; "not in standard" holds.
    expect(routeToQueue([vip, gold], { ...facts, customerTier: null })).toBeNull();
    expect(routeToQueue([known], { ...facts, customerTier: null })).toBe("q-known");
    expect(conditionProblem({ field: "customer_tier", op: "in", values: ["platinum"] })).toMatch(/vip/);
    expect(conditionProblem({ field: "customer_tier", op: "in", values: ["VIP"] })).toBeNull();
  });
});
