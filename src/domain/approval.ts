/**
 * Approval rules: a reply that matches any enabled rule waits for a supervisor instead of being
 * queued. A rule holds when all its conditions do. Pure: the replies service gathers the facts.
 */
import { z } from "zod";

export const approvalCondition = z.discriminatedUnion("kind", [
  /** The replying agent is flagged as a trainee. */
  z.object({ kind: z.literal("trainee") }),
  /** The author is on a campaign's VIP list. */
  z.object({ kind: z.literal("vip_author") }),
  /** The author has at least this many followers. */
  z.object({ kind: z.literal("min_followers"), value: z.number().int().min(0) }),
  /** The post's influence score (0–1, from the analysis) is at least this. */
  z.object({ kind: z.literal("min_influence"), value: z.number().min(0).max(1) }),
  /** The reply contains one of these words or phrases (case and accents ignored, whole words). */
  z.object({ kind: z.literal("words"), words: z.array(z.string().trim().min(1).max(100)).min(1).max(200) }),
  /** The reply goes out on this channel. */
  z.object({ kind: z.literal("channel"), channel: z.enum(["public", "private"]) }),
  /** The post answered was read as negative. */
  z.object({ kind: z.literal("negative_post") }),
]);
export type ApprovalCondition = z.infer<typeof approvalCondition>;

export interface ApprovalRule {
  id: string;
  name: string;
  enabled: boolean;
  conditions: ApprovalCondition[];
}

/** What the rules look at, gathered by the service when a reply is written. */
export interface ApprovalFacts {
  agentIsTrainee: boolean;
  authorIsVip: boolean;
  authorFollowers: number | null;
  influence: number | null;
  sentiment: string | null;
  channel: "public" | "private";
  text: string;
}

/** Lower-case, without accents, so "Remboursé" matches "rembourse". */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Whether `text` holds `phrase` as whole words. */
export function containsWords(text: string, phrase: string): boolean {
  const folded = foldText(phrase).trim().replace(/\s+/g, " ");
  if (!folded) return false;
  const escaped = folded.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(foldText(text));
}

export function conditionHolds(condition: ApprovalCondition, facts: ApprovalFacts): boolean {
  switch (condition.kind) {
    case "trainee":
      return facts.agentIsTrainee;
    case "vip_author":
      return facts.authorIsVip;
    case "min_followers":
      return (facts.authorFollowers ?? 0) >= condition.value;
    case "min_influence":
      return (facts.influence ?? 0) >= condition.value;
    case "words":
      return condition.words.some((w) => containsWords(facts.text, w));
    case "channel":
      return facts.channel === condition.channel;
    case "negative_post":
      return facts.sentiment === "negative";
  }
}

/** The enabled rules the reply matches (none: it is queued at once). A rule without conditions never holds. */
export function matchingRules<R extends ApprovalRule>(rules: readonly R[], facts: ApprovalFacts): R[] {
  return rules.filter(
    (rule) =>
      rule.enabled && rule.conditions.length > 0 && rule.conditions.every((c) => conditionHolds(c, facts)),
  );
}
