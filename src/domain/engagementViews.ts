/** The API views and inputs of templates, approval rules and approvals, and surveys. */
import { z } from "zod";
import { approvalCondition } from "./approval.ts";
import { TEMPLATE_VARIABLES } from "./templates.ts";
import { replyView } from "./views.ts";

const id = z.uuid();
const timestamp = z.iso.datetime();
const name = z.string().trim().min(1).max(100);

export const templateVersion = z.object({
  language: z.string().trim().min(2).max(12),
  text: z.string().max(5000),
});

export const templateView = z.object({
  id,
  name: z.string(),
  versions: z.array(z.object({ language: z.string(), text: z.string() })),
  /** The variables its versions use. */
  variables: z.array(z.enum(TEMPLATE_VARIABLES)),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TemplateView = z.infer<typeof templateView>;

export const templateInput = z.object({ name, versions: z.array(templateVersion).min(1).max(30) });
export const templatePatch = templateInput.partial();

/** The templates offered for one work item: those in the post's language first, each with the version to use. */
export const itemTemplatesView = z.object({
  language: z.string().nullable(),
  items: z.array(
    templateView.extend({
      /** The version in the post's language, else the workspace's, else the first. */
      preferred: z.object({ language: z.string(), text: z.string() }),
      /** Variables the agent types for this reply (an order number). */
      askFor: z.array(z.enum(TEMPLATE_VARIABLES)),
    }),
  ),
});
export type ItemTemplatesView = z.infer<typeof itemTemplatesView>;

export const renderInput = z.object({
  language: z.string().trim().min(2).max(12).optional(),
  values: z
    .object({ order_number: z.string().max(200).optional() })
    .strict()
    .default({}),
});
export const renderedView = z.object({ language: z.string(), text: z.string() });

export const approvalRuleView = z.object({
  id,
  name: z.string(),
  enabled: z.boolean(),
  conditions: z.array(approvalCondition),
  createdAt: timestamp,
});
export type ApprovalRuleView = z.infer<typeof approvalRuleView>;
export const approvalRuleInput = z.object({
  name,
  enabled: z.boolean().default(true),
  conditions: z.array(approvalCondition).min(1).max(10),
});
export const approvalRulePatch = z.object({
  name: name.optional(),
  enabled: z.boolean().optional(),
  conditions: z.array(approvalCondition).min(1).max(10).optional(),
});

/** A reply waiting for a supervisor, with what it answers. */
export const approvalView = z.object({
  reply: replyView,
  workItem: z.object({ id, conversationId: id, state: z.string() }),
  post: z.object({
    id,
    text: z.string(),
    language: z.string().nullable(),
    sentiment: z.string().nullable(),
    author: z.object({
      handle: z.string(),
      name: z.string().nullable(),
      followers: z.number().int().nullable(),
    }),
  }),
});
export type ApprovalView = z.infer<typeof approvalView>;
export const approvalsView = z.object({ items: z.array(approvalView) });

export const approveInput = z.object({ text: z.string().max(20_000).optional() });
export const rejectInput = z.object({ reason: z.string().max(1000) });

export const traineeInput = z.object({ trainee: z.boolean() });
export const traineesView = z.object({ userIds: z.array(id) });

export const surveySettingsView = z.object({
  enabled: z.boolean(),
  /** From the resolve to the invitation. */
  delayMs: z.number().int(),
  /** A person invited once is not invited again for this many days. */
  cooldownDays: z.number().int(),
});
export const surveySettingsInput = z.object({
  enabled: z.boolean(),
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60 * 60_000),
  cooldownDays: z.number().int().min(0).max(365),
});

const scoreGroup = z.object({
  answers: z.number().int(),
  average: z.number(),
  /** Answers per rating, 1 to 5. */
  distribution: z.array(z.number().int()).length(5),
});
export type ScoreGroup = z.infer<typeof scoreGroup>;
export const surveyScoresView = z.object({
  from: timestamp,
  to: timestamp,
  period: z.enum(["day", "week", "month"]),
  invited: z.number().int(),
  overall: scoreGroup,
  byAgent: z.array(scoreGroup.extend({ agent: z.object({ id, name: z.string().nullable() }).nullable() })),
  byQueue: z.array(scoreGroup.extend({ queue: z.string().nullable() })),
  byPeriod: z.array(scoreGroup.extend({ start: timestamp })),
});
export type SurveyScoresView = z.infer<typeof surveyScoresView>;
export const surveyScoresQuery = z.object({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  period: z.enum(["day", "week", "month"]).default("day"),
});
