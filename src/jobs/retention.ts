/** The daily retention run: every workspace with an age set has its old posts deleted or anonymised. */
import { applyRetention } from "../services/retention.ts";
import type { JobDefinition } from "./definition.ts";

export const retentionJob: JobDefinition = {
  name: "retention.apply",
  trigger: { everyMs: 24 * 60 * 60_000 },
  retries: { max: 3 },
  lockMs: 10 * 60_000,
  async run(_job, { store, clock }) {
    for (const policy of await store.retention.active())
      await applyRetention(store, clock, policy.workspaceId, null);
  },
};
