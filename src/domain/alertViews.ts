/** What the API says about alert rules (never their secret but once) and the alerts they fired. */
import { z } from "zod";
import { ALERT_KINDS, alertChannel, alertCondition } from "./alerts.ts";

const id = z.uuid();
const timestamp = z.iso.datetime();

export const alertRuleView = z.object({
  id,
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  enabled: z.boolean(),
  condition: alertCondition,
  /** The condition in words. */
  description: z.string(),
  channels: z.array(alertChannel),
  quietMinutes: z.number().int(),
  allowPrivateNetwork: z.boolean(),
  lastFiredAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A saved rule, with its webhook signing secret when it was made (creation or rotation), else null. */
export const savedAlertRule = z.object({ rule: alertRuleView, secret: z.string().nullable() });

export const alertWhyView = z.object({
  summary: z.string(),
  topTerms: z.array(z.object({ term: z.string(), authors: z.number().int() })),
  topAuthors: z.array(z.object({ handle: z.string(), posts: z.number().int() })),
  topPosts: z.array(z.object({ id: z.string(), text: z.string(), authorHandle: z.string() })),
  authors: z.number().int().optional(),
  threshold: z.number().int().optional(),
  usual: z.number().optional(),
  ratio: z.number().optional(),
  score: z.number().optional(),
  windowStart: timestamp.optional(),
  windowEnd: timestamp.optional(),
});

export const alertDeliveryView = z.object({
  id,
  type: z.enum(["webhook", "email", "chat"]),
  target: z.string(),
  status: z.enum(["queued", "delivered", "failed"]),
  attempts: z.number().int(),
  /** The last attempt's failure, kept while it is retried. */
  error: z.string().nullable(),
  updatedAt: timestamp,
});

export const alertView = z.object({
  id,
  ruleId: id,
  ruleName: z.string().nullable(),
  kind: z.enum(ALERT_KINDS).nullable(),
  /** `suppressed`: held back by the rule's quiet period (not delivered; counted on the next alert). */
  status: z.enum(["fired", "suppressed"]),
  test: z.boolean(),
  why: alertWhyView,
  postIds: z.array(z.string()),
  suppressedBefore: z.number().int(),
  firedAt: timestamp,
  deliveries: z.array(alertDeliveryView),
});

export const alertListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  ruleId: z.uuid().optional(),
  before: z.uuid().optional(),
});

export type AlertRuleView = z.infer<typeof alertRuleView>;
export type AlertView = z.infer<typeof alertView>;
export interface AlertPostView {
  id: string;
  text: string;
  author: string;
  postedAt: string;
  conversationId: string;
  workItemId: string | null;
}
