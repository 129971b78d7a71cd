import { describe, expect, it } from "vitest";
import { type ApprovalFacts, type ApprovalRule, containsWords, matchingRules } from "./approval.ts";

const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  agentIsTrainee: false,
  authorIsVip: false,
  authorFollowers: 10,
  influence: 0.1,
  sentiment: "neutral",
  channel: "public",
  text: "We are looking into it",
  ...over,
});
const rule = (name: string, conditions: ApprovalRule["conditions"], enabled = true): ApprovalRule => ({
  id: name,
  name,
  enabled,
  conditions,
});

describe("approval rules", () => {
  const rules = [
    rule("Trainees", [{ kind: "trainee" }]),
    rule("VIPs", [{ kind: "vip_author" }]),
    rule("Big accounts", [{ kind: "min_followers", value: 10_000 }]),
    rule("Influential", [{ kind: "min_influence", value: 0.6 }]),
    rule("Refund promises in public", [
      { kind: "channel", channel: "public" },
      { kind: "words", words: ["refund", "compensation", "reembolso"] },
    ]),
    rule("Negative posts", [{ kind: "negative_post" }]),
    rule("Off", [{ kind: "channel", channel: "public" }], false),
    rule("Empty", []),
  ];
  const names = (f: ApprovalFacts) => matchingRules(rules, f).map((r) => r.name);

  it("queues a plain reply at once", () => {
    expect(names(facts())).toEqual([]);
  });

  it.each([
    [{ agentIsTrainee: true }, ["Trainees"]],
    [{ authorIsVip: true }, ["VIPs"]],
    [{ authorFollowers: 10_000 }, ["Big accounts"]],
    [{ influence: 0.7 }, ["Influential"]],
    [{ text: "You will get a REFUND today" }, ["Refund promises in public"]],
    [{ text: "Tu reembolso está en camino" }, ["Refund promises in public"]],
    [{ text: "You will get a refund", channel: "private" as const }, []],
    [{ text: "refunding is not a word on the list" }, []],
    [{ sentiment: "negative" }, ["Negative posts"]],
    [{ agentIsTrainee: true, sentiment: "negative" }, ["Trainees", "Negative posts"]],
  ])("%j matches %j", (over, expected) => {
    expect(names(facts(over))).toEqual(expected);
  });

  it("matches whole words and phrases, ignoring case and accents", () => {
    expect(containsWords("Vous serez REMBOURSÉ demain", "rembourse")).toBe(true);
    expect(containsWords("free   gift card inside", "gift card")).toBe(true);
    expect(containsWords("giftcard", "gift card")).toBe(false);
    expect(containsWords("a (refund)", "refund")).toBe(true);
    expect(containsWords("price: $5", "$5")).toBe(true);
  });
});
