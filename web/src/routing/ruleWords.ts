/**
 * Routing rules in the editor's words: the fields the engine reads, the operators each allows, the
 * values it knows, a rule's conditions as a sentence, and the API's problems placed on their field.
 * Pure, tested without a browser.
 */
import { INTENTS, SENTIMENTS, URGENCIES } from "../../../src/domain/analysis.ts";
import { TIERS } from "../../../src/domain/customer.ts";
import { PLATFORMS } from "../../../src/domain/post.ts";
import { RULE_FIELDS, type RuleField, type RuleOperator } from "../../../src/domain/routing/rules.ts";
import { ApiError } from "../api/client.ts";
import type { RoutingRuleView } from "../api/types.ts";

export type RuleCondition = RoutingRuleView["conditions"][number];
export { RULE_FIELDS, type RuleField, type RuleOperator };

export const FIELD_WORDS: Record<RuleField, string> = {
  intent: "Intent",
  sentiment: "Sentiment",
  urgency: "Urgency",
  topic: "Topic",
  language: "Language",
  channel: "Channel",
  platform: "Platform",
  campaign: "Campaign",
  author: "Author handle",
  author_vip: "Author on a VIP list",
  author_followers: "Author's followers",
  customer_tier: "Customer tier",
};

export const OP_WORDS: Record<RuleOperator, string> = {
  in: "is one of",
  not_in: "is none of",
  at_least: "is at least",
};

/** The operators a field takes: a count is compared, everything else is matched against a list. */
export function opsFor(field: RuleField): RuleOperator[] {
  return field === "author_followers" ? ["at_least"] : ["in", "not_in"];
}

/** The values a field can take when they are a known list; null when they are typed. */
export function knownValues(
  field: RuleField,
  campaigns: readonly { id: string; name: string }[],
): { value: string; label: string }[] | null {
  const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v.replace("_", " ") }));
  switch (field) {
    case "intent":
      return plain(INTENTS);
    case "sentiment":
      return plain(SENTIMENTS);
    case "urgency":
      return plain(URGENCIES);
    case "channel":
      return plain(["public", "private"]);
    case "platform":
      return plain(PLATFORMS);
    case "customer_tier":
      return plain(TIERS);
    case "campaign":
      return campaigns.map((c) => ({ value: c.id, label: c.name }));
    default:
      return null;
  }
}

/** What to type for a field whose values are not a list. */
export const TYPED_HELP: Partial<Record<RuleField, string>> = {
  topic: "Topic keys, comma-separated (billing, delivery)",
  language: "Language codes, comma-separated (en, de)",
  author: "Handles, comma-separated (@ optional)",
};

/** One condition as words: "intent is one of complaint, question". */
export function conditionWords(c: RuleCondition, campaignName: (id: string) => string): string {
  const values =
    c.field === "campaign"
      ? c.values.map(campaignName)
      : c.field === "author_vip"
        ? [c.values[0] === "true" ? "yes" : "no"]
        : c.values.map((v) => v.replace("_", " "));
  if (c.field === "author_vip") return `author on a VIP list: ${values.join(", ")}`;
  return `${FIELD_WORDS[c.field].toLowerCase()} ${OP_WORDS[c.op]} ${values.join(", ")}`;
}

/** "a, b" typed in a box as a list without blanks. */
export function splitValues(text: string): string[] {
  return text
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * The API's problems by the field they name: "name", "queueId", "conditions" and, per condition,
 * "conditions.2.values" (a value's own path, "conditions.2.values.0", counts for the values).
 * What names no known field is kept under "".
 */
export function problemsByField(failure: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(failure instanceof ApiError) || !Array.isArray(failure.details)) return out;
  for (const detail of failure.details as { path?: unknown; message?: unknown }[]) {
    if (typeof detail.message !== "string") continue;
    const path = typeof detail.path === "string" ? detail.path : "";
    const m = /^conditions\.(\d+)\.(field|op|values)/.exec(path);
    const key = m
      ? `conditions.${m[1]}.${m[2]}`
      : ["name", "queueId", "conditions"].includes(path)
        ? path
        : "";
    if (!out.has(key)) out.set(key, detail.message);
  }
  return out;
}

/** The ids in a new order after moving one up (-1) or down (+1); the same order at an end. */
export function moved(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const at = ids.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}
