/** Jobs every Parley runs: keeping the event log, the job table and idempotency answers small. */
import type { JobDefinition } from "./definition.ts";
import { retentionJob } from "./retention.ts";

const DAY = 24 * 60 * 60_000;

export const EVENT_RETENTION_MS = 7 * DAY;

export const maintenanceJob: JobDefinition = {
  name: "maintenance.prune",
  trigger: { everyMs: 60 * 60_000 },
  retries: { max: 3 },
  async run(_job, { store, clock }) {
    const now = clock.now();
    await store.events.prune(new Date(now - EVENT_RETENTION_MS));
    await store.jobs.pruneDone(new Date(now - DAY));
  },
};

export const BUILTIN_JOBS: readonly JobDefinition[] = [maintenanceJob, retentionJob];
