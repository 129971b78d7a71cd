/** A work item's history as the API presents it. */
import { z } from "zod";
import { HISTORY_KINDS } from "./itemHistory.ts";

const person = z.object({ id: z.uuid(), name: z.string() });

export const itemHistoryEntry = z.object({
  /** The step's event. */
  id: z.uuid(),
  at: z.iso.datetime(),
  kind: z.enum(HISTORY_KINDS),
  /** Who did it; null for Parley itself or the customer's post. */
  actor: person.nullable(),
  /** The agent it concerned: offered to, given to. */
  agent: person.nullable(),
  /** The queue it was put in. */
  queue: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** What else the step says: a routing or discard reason, an offer's end, a reply's id and channel, an SLA state… */
  detail: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ItemHistoryEntry = z.infer<typeof itemHistoryEntry>;

export const itemHistoryView = z.object({ items: z.array(itemHistoryEntry) });
export type ItemHistoryView = z.infer<typeof itemHistoryView>;
