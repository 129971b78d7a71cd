/** Routing's API views and inputs as zod schemas: queues, rules, agents, settings, the overview. */
import { z } from "zod";
import { PRESENCES } from "./routing/board.ts";
import { RULE_FIELDS, RULE_OPERATORS } from "./routing/rules.ts";
import { MAX_PROFICIENCY, MIN_PROFICIENCY, SKILL_KINDS } from "./routing/skills.ts";

const id = z.uuid();
const label = z.string().trim().min(1).max(100);

export const skill = z.object({ kind: z.enum(SKILL_KINDS), value: label });
export const agentSkill = skill.extend({
  proficiency: z.number().int().min(MIN_PROFICIENCY).max(MAX_PROFICIENCY),
});

export const queueView = z.object({
  id,
  name: z.string(),
  requiredSkills: z.array(skill),
  overflowQueueId: id.nullable(),
  overflowAfterMs: z.number().int().nullable(),
});
export type QueueView = z.infer<typeof queueView>;

export const queueInput = z
  .object({
    name: label,
    requiredSkills: z.array(skill).max(20).default([]),
    overflowQueueId: id.nullable().default(null),
    /** From one minute to a week. */
    overflowAfterMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * 24 * 60 * 60_000)
      .nullable()
      .default(null),
  })
  .refine((q) => (q.overflowQueueId === null) === (q.overflowAfterMs === null), {
    message: "Give both an overflow queue and its wait, or neither",
  });

export const queuePatch = z.object({
  name: label.optional(),
  requiredSkills: z.array(skill).max(20).optional(),
  overflowQueueId: id.nullable().optional(),
  overflowAfterMs: z
    .number()
    .int()
    .min(60_000)
    .max(7 * 24 * 60 * 60_000)
    .nullable()
    .optional(),
});

export const ruleCondition = z.object({
  field: z.enum(RULE_FIELDS),
  op: z.enum(RULE_OPERATORS),
  values: z.array(z.string().trim().min(1).max(200)).min(1).max(200),
});

export const routingRuleView = z.object({
  id,
  name: z.string(),
  position: z.number().int(),
  queueId: id,
  enabled: z.boolean(),
  conditions: z.array(ruleCondition),
});

export type RoutingRuleView = z.infer<typeof routingRuleView>;

export const routingRuleInput = z.object({
  name: label,
  position: z.number().int().min(0).max(100_000),
  queueId: id,
  enabled: z.boolean().default(true),
  conditions: z.array(ruleCondition).max(20).default([]),
});
export type RoutingRuleInput = z.input<typeof routingRuleInput>;

/** Every rule's id once, in the order they are to be tried. */
export const ruleOrderInput = z.object({ ids: z.array(id).max(1000) });

export const routingSettingsView = z.object({
  channelWeights: z.record(z.string(), z.number()),
  offerTimeoutMs: z.number().int(),
  idleAwayMs: z.number().int(),
  reopenWindowMs: z.number().int(),
});

export const routingSettingsInput = z.object({
  channelWeights: z.record(z.enum(["public", "private"]), z.number().int().min(1).max(10)),
  offerTimeoutMs: z
    .number()
    .int()
    .min(10_000)
    .max(30 * 60_000),
  idleAwayMs: z
    .number()
    .int()
    .min(60_000)
    .max(24 * 60 * 60_000),
  /** After a resolve, how long the customer's next post reopens the item (0: never); kept when left out. */
  reopenWindowMs: z
    .number()
    .int()
    .min(0)
    .max(90 * 24 * 60 * 60_000)
    .optional(),
});

export const agentRoutingView = z.object({
  id,
  name: z.string(),
  role: z.string(),
  presence: z.enum(PRESENCES),
  skills: z.array(agentSkill),
  capacity: z.number().int(),
});

export const agentRoutingInput = z
  .object({
    skills: z.array(agentSkill).max(50).optional(),
    capacity: z.number().int().min(1).max(50).optional(),
  })
  .refine((b) => b.skills !== undefined || b.capacity !== undefined, {
    message: "Give skills, capacity or both",
  });

export const presenceInput = z.object({ presence: z.enum(PRESENCES) });

export const routingOverview = z.object({
  queues: z.array(
    z.object({
      id,
      name: z.string(),
      waiting: z.number().int(),
      oldestWaitMs: z.number().int().nullable(),
      handledLastHour: z.number().int(),
      estimatedWaitMs: z.number().int().nullable(),
    }),
  ),
  agents: z.array(
    z.object({
      id,
      name: z.string(),
      presence: z.enum(PRESENCES),
      capacity: z.number().int(),
      load: z.number(),
      held: z.number().int(),
      offered: z.number().int(),
      skills: z.array(agentSkill),
    }),
  ),
});
export type RoutingOverview = z.infer<typeof routingOverview>;

export const transferInput = z.union([
  z.object({ agentId: id }).strict(),
  z.object({ queueId: id }).strict(),
]);
