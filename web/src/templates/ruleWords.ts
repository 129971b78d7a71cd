/** How approval rules read in the admin page, and the rule form's choices turned into conditions. */
import type { ApprovalCondition } from "../api/engagementTypes.ts";

export function conditionWords(c: ApprovalCondition): string {
  switch (c.kind) {
    case "trainee":
      return "the agent is a trainee";
    case "vip_author":
      return "the author is a VIP";
    case "min_followers":
      return `the author has ${c.value.toLocaleString("en")}+ followers`;
    case "min_influence":
      return `the post's influence is ${c.value} or more`;
    case "words":
      return `the reply says ${c.words.map((w) => `“${w}”`).join(" or ")}`;
    case "channel":
      return c.channel === "public" ? "the reply is public" : "the reply is private";
    case "negative_post":
      return "the post is negative";
  }
}

export interface RuleChoices {
  trainee: boolean;
  vip: boolean;
  minFollowers: string;
  negative: boolean;
  publicOnly: boolean;
  words: string;
}

/** The conditions the form's choices make; an error message when a number or the list is unusable. */
export function conditionsFrom(choices: RuleChoices): ApprovalCondition[] | string {
  const out: ApprovalCondition[] = [];
  if (choices.trainee) out.push({ kind: "trainee" });
  if (choices.vip) out.push({ kind: "vip_author" });
  if (choices.minFollowers.trim()) {
    const value = Number(choices.minFollowers.replace(/[\s,_]/g, ""));
    if (!Number.isInteger(value) || value < 0) return "Followers must be a whole number";
    out.push({ kind: "min_followers", value });
  }
  if (choices.negative) out.push({ kind: "negative_post" });
  if (choices.publicOnly) out.push({ kind: "channel", channel: "public" });
  const words = choices.words
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length > 0) out.push({ kind: "words", words });
  if (out.length === 0) return "Choose at least one condition";
  return out;
}
