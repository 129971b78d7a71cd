/**
 * Routing rules: ordered; the first whose conditions all hold puts a new work item in its queue.
 * Conditions read the facts of the item's first post: its analysis labels, campaigns, platform,
 * channel and author, and the tier of the customer the author is confirmed as.
 */
import { TIERS, type Tier } from "../customer.ts";

export const RULE_FIELDS = [
  "intent",
  "sentiment",
  "urgency",
  "topic",
  "language",
  "channel",
  "platform",
  "campaign",
  "author",
  "author_vip",
  "author_followers",
  "customer_tier",
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const RULE_OPERATORS = ["in", "not_in", "at_least"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export interface RuleCondition {
  field: RuleField;
  op: RuleOperator;
  /** The values compared (case-insensitive); `at_least` takes one number, `author_vip` "true" or "false". */
  values: readonly string[];
}

export interface RoutingRule {
  id: string;
  position: number;
  queueId: string;
  enabled: boolean;
  conditions: readonly RuleCondition[];
}

/** What a rule can see of a new work item. */
export interface RoutingFacts {
  intent: string;
  sentiment: string;
  urgency: string;
  topic: string | null;
  language: string | null;
  channel: string;
  platform: string;
  campaignIds: readonly string[];
  authorHandle: string;
  authorVip: boolean;
  authorFollowers: number | null;
  /** The tier of the customer the author is confirmed as, or null. */
  customerTier: Tier | null;
}

function factValues(facts: RoutingFacts, field: RuleField): string[] {
  switch (field) {
    case "campaign":
      return [...facts.campaignIds];
    case "author":
      return [facts.authorHandle.replace(/^@/, "")];
    case "author_vip":
      return [String(facts.authorVip)];
    case "author_followers":
      return facts.authorFollowers === null ? [] : [String(facts.authorFollowers)];
    case "customer_tier":
      return facts.customerTier === null ? [] : [facts.customerTier];
    case "topic":
      return facts.topic === null ? [] : [facts.topic];
    case "language":
      return facts.language === null ? [] : [facts.language];
    default:
      return [facts[field]];
  }
}

export function conditionHolds(facts: RoutingFacts, condition: RuleCondition): boolean {
  const have = factValues(facts, condition.field).map((v) => v.toLowerCase());
  if (condition.op === "at_least") {
    const min = Number(condition.values[0]);
    return have.length > 0 && Number(have[0]) >= min;
  }
  const wanted = condition.values.map((v) => v.replace(/^@/, "").toLowerCase());
  const any = have.some((v) => wanted.includes(v));
  return condition.op === "in" ? any : !any;
}

/** A problem with a condition as written, and the part of it at fault, for a clear 400 before it is stored. */
export function conditionIssue(condition: RuleCondition): { part: "op" | "values"; message: string } | null {
  const values = (message: string) => ({ part: "values" as const, message });
  if (condition.values.length === 0) return values(`${condition.field}: give at least one value`);
  if (condition.op === "at_least") {
    if (condition.field !== "author_followers")
      return { part: "op", message: `${condition.field}: at_least applies to author_followers only` };
    if (condition.values.length !== 1 || !Number.isFinite(Number(condition.values[0]))) {
      return values("author_followers: at_least takes one number");
    }
  } else if (condition.field === "author_followers") {
    return { part: "op", message: "author_followers: use at_least" };
  }
  if (condition.field === "author_vip" && condition.values.some((v) => v !== "true" && v !== "false")) {
    return values("author_vip: the values are true or false");
  }
  if (
    condition.field === "customer_tier" &&
    condition.values.some((v) => !(TIERS as readonly string[]).includes(v.toLowerCase()))
  ) {
    return values(`customer_tier: the values are ${TIERS.join(", ")}`);
  }
  return null;
}

/** The problem with a condition as written, or null. */
export function conditionProblem(condition: RuleCondition): string | null {
  return conditionIssue(condition)?.message ?? null;
}

/** The queue of the first enabled rule (by position) whose conditions all hold, or null. */
export function routeToQueue(rules: readonly RoutingRule[], facts: RoutingFacts): string | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  for (const rule of ordered) {
    if (rule.enabled && rule.conditions.every((c) => conditionHolds(facts, c))) return rule.queueId;
  }
  return null;
}
