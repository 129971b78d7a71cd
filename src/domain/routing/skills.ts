/**
 * Skills as typed key/value pairs: a queue requires some, an agent has some with a proficiency.
 * An agent qualifies for a queue when they have every skill it requires (same kind, same value).
 */

export const SKILL_KINDS = ["language", "topic", "channel", "vip", "tier"] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

export interface Skill {
  kind: SkillKind;
  value: string;
}

/** Proficiency from 1 (can do it) to 5 (the best at it). */
export interface AgentSkill extends Skill {
  proficiency: number;
}

export const MIN_PROFICIENCY = 1;
export const MAX_PROFICIENCY = 5;

function sameSkill(a: Skill, b: Skill): boolean {
  return a.kind === b.kind && a.value.toLowerCase() === b.value.toLowerCase();
}

/** The agent's proficiency summed over the required skills, or null when one is missing. */
export function skillMatch(agentSkills: readonly AgentSkill[], required: readonly Skill[]): number | null {
  let score = 0;
  for (const need of required) {
    const has = agentSkills.find((s) => sameSkill(s, need));
    if (!has) return null;
    score += has.proficiency;
  }
  return score;
}

export function qualifies(agentSkills: readonly AgentSkill[], required: readonly Skill[]): boolean {
  return skillMatch(agentSkills, required) !== null;
}
