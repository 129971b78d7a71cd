/** Insight's jobs: the rollups follow every stored batch of posts. */
import type { Store } from "../store/index.ts";
import { EVENT_RETENTION_MS } from "./builtin.ts";
import { type JobDefinition, postsStoredJob } from "./definition.ts";

export const ROLLUP_JOB = "insights.rollup";

/**
 * Adds a stored batch to the rollups, once: the event id is recorded with the buckets in one
 * transaction, so a retried or doubled run adds nothing. Each post keeps the labels it was
 * counted under, so a later correction moves it and an erasure takes it out. Posts erased
 * before the job ran are simply not counted.
 */
export async function rollUpBatch(
  store: Store,
  workspaceId: string,
  eventId: string,
  postIds: readonly string[],
  at: Date,
): Promise<boolean> {
  return store.transaction((tx) => tx.rollups.countBatch(workspaceId, eventId, postIds, at));
}

export const rollupJob = postsStoredJob(ROLLUP_JOB, ({ workspaceId, eventId, postIds }, { store, clock }) =>
  rollUpBatch(store, workspaceId, eventId, postIds, new Date(clock.now())),
);

/** Applied-event records outlive their events' retention, then go: no job runs that late. */
export const appliedPruneJob: JobDefinition = {
  name: "insights.prune_applied",
  trigger: { everyMs: 60 * 60_000 },
  retries: { max: 3 },
  async run(_job, { store, clock }) {
    await store.rollups.pruneApplied(new Date(clock.now() - 2 * EVENT_RETENTION_MS));
  },
};

export const INSIGHT_JOBS: readonly JobDefinition[] = [rollupJob, appliedPruneJob];
