/**
 * Retention per workspace: an age after which posts and conversations are deleted (their counts
 * kept per day) or anonymised (their labels kept). The `retention.apply` job runs every policy
 * daily; an admin may run theirs at once. Each run is reported (`retention_runs`) and audited.
 */
import type { Clock } from "../domain/clock.ts";
import type { RetentionRunView } from "../domain/customerViews.ts";
import type { Store } from "../store/index.ts";
import type { RetentionPolicy, RetentionRunRow } from "../store/retention.ts";
import type { Principal } from "./auth.ts";

const DAY = 24 * 60 * 60_000;

export function presentRun(row: RetentionRunRow): RetentionRunView {
  return {
    id: row.id,
    mode: row.mode,
    cutoff: row.cutoff.toISOString(),
    posts: row.posts,
    conversations: row.conversations,
    workItems: row.workItems,
    replies: row.replies,
    authors: row.authors,
    at: row.createdAt.toISOString(),
  };
}

/** Applies one workspace's policy at the clock's time; null when it keeps everything. */
export async function applyRetention(
  store: Store,
  clock: Clock,
  workspaceId: string,
  actorUserId: string | null,
): Promise<RetentionRunRow | null> {
  return store.transaction(async (tx) => {
    const policy = await tx.retention.policy(workspaceId);
    if (policy.maxAgeDays === null) return null;
    const now = clock.now();
    const run = await tx.retention.run(
      workspaceId,
      new Date(now - policy.maxAgeDays * DAY),
      policy.mode,
      new Date(now),
    );
    await tx.audit.record({
      workspaceId,
      actorUserId,
      action: "retention.applied",
      subjectType: "retention_run",
      subjectId: run.id,
      detail: { mode: run.mode, posts: run.posts, conversations: run.conversations, authors: run.authors },
    });
    return run;
  });
}

export function retentionService(store: Store, clock: Clock) {
  return {
    policy: (principal: Principal) => store.retention.policy(principal.workspace.id),

    async setPolicy(principal: Principal, policy: RetentionPolicy): Promise<RetentionPolicy> {
      const workspaceId = principal.workspace.id;
      await store.transaction(async (tx) => {
        await tx.retention.setPolicy(workspaceId, policy, new Date(clock.now()));
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "retention.changed",
          subjectType: "workspace",
          subjectId: workspaceId,
          detail: { ...policy },
        });
      });
      return policy;
    },

    async runs(principal: Principal, limit: number): Promise<{ items: RetentionRunView[] }> {
      return { items: (await store.retention.runs(principal.workspace.id, limit)).map(presentRun) };
    },

    async runNow(principal: Principal): Promise<RetentionRunView | null> {
      const run = await applyRetention(store, clock, principal.workspace.id, principal.user.id);
      return run ? presentRun(run) : null;
    },
  };
}
