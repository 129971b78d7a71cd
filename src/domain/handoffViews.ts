/** What the API says about hand-offs: the endpoint (never its secret but once), each hand-off and its history. */
import { z } from "zod";
import { HANDOFF_STATUSES, REPORTED_STATUSES } from "./handoff.ts";

const id = z.uuid();
const timestamp = z.iso.datetime();

export const handoffEndpointView = z.object({
  configured: z.boolean(),
  url: z.string().nullable(),
  enabled: z.boolean(),
  allowPrivateNetwork: z.boolean(),
  updatedAt: timestamp.nullable(),
});
export type HandoffEndpointView = z.infer<typeof handoffEndpointView>;

/** The answer to saving the endpoint: the signing secret when it was made (first save or rotation), else null. */
export const savedHandoffEndpoint = handoffEndpointView.extend({ secret: z.string().nullable() });

export const handoffEndpointInput = z.object({
  url: z.string().min(1).max(2000),
  enabled: z.boolean().optional(),
  allowPrivateNetwork: z.boolean().optional(),
  /** A new signing secret replaces the old one; the old one stops working at once. */
  rotateSecret: z.boolean().optional(),
});
export type HandoffEndpointInput = z.infer<typeof handoffEndpointInput>;

export const handOffInput = z.object({ reason: z.string().max(5000) });

export const handoffUpdateView = z.object({
  status: z.enum(HANDOFF_STATUSES),
  agent: z.string().nullable(),
  note: z.string().nullable(),
  at: timestamp,
});

export const handoffView = z.object({
  id,
  workItemId: id,
  status: z.enum(HANDOFF_STATUSES),
  reason: z.string(),
  by: z.object({ id, name: z.string().nullable() }).nullable(),
  externalAgent: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** Every status the hand-off took, oldest first. */
  history: z.array(handoffUpdateView),
});
export type HandoffView = z.infer<typeof handoffView>;

/** What the external contact center posts back, signed like the hand-off it received. */
export const handoffReport = z
  .object({
    status: z.enum(REPORTED_STATUSES),
    agent: z.string().min(1).max(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type HandoffReport = z.infer<typeof handoffReport>;

export const handoffReportAnswer = z.object({
  id,
  status: z.enum(HANDOFF_STATUSES),
  /** False when the status was already the hand-off's: a repeated report changes nothing. */
  changed: z.boolean(),
});
