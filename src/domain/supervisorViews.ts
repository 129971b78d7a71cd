/** The supervisor's live view as a zod schema: queues with their waits, agents with their load. */
import { z } from "zod";
import { PRESENCES } from "./routing/board.ts";
import { skill } from "./routingViews.ts";

const id = z.uuid();
const count = z.number().int().min(0);

export const supervisorView = z.object({
  /** When the figures were taken. */
  at: z.iso.datetime(),
  /** The workspace's time zone, which "today" is counted in. */
  timeZone: z.string(),
  /** The start of today in that zone. */
  dayStartedAt: z.iso.datetime(),
  /** The window `handledLastHour` counts over. */
  handlingWindowMs: z.number().int(),
  queues: z.array(
    z.object({
      id,
      name: z.string(),
      requiredSkills: z.array(skill),
      /** Open items nobody holds, offered or not. */
      waiting: count,
      /** Of those, the ones offered to an agent now. */
      offered: count,
      /** Items of the queue an agent holds. */
      reserved: count,
      /** How long the longest waiting item has waited in the queue; null when none waits. */
      oldestWaitMs: z.number().int().min(0).nullable(),
      /** Items closed from the queue in the last hour. */
      handledLastHour: count,
      /** (waiting + 1) × hour ÷ handled in the last hour; null when none was handled. */
      estimatedWaitMs: z.number().int().nullable(),
      /** Open items whose SLA is breached or due within its policy's warning window. */
      slaAtRisk: count,
    }),
  ),
  agents: z.array(
    z.object({
      id,
      name: z.string(),
      role: z.string(),
      presence: z.enum(PRESENCES),
      capacity: z.number().int(),
      /** Held and offered items, each weighted by its channel. */
      load: z.number(),
      held: count,
      offered: count,
      /** Items they resolved or discarded since the start of today. */
      handledToday: count,
    }),
  ),
});
export type SupervisorView = z.infer<typeof supervisorView>;
