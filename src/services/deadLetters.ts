/** What could not be done or read, for admins: jobs that gave up and payloads sources could not parse. */
import type { Clock } from "../domain/clock.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";

export interface DeadLetterView {
  id: string;
  origin: "job" | "source";
  name: string;
  sourceId: string | null;
  code: string;
  reason: string;
  /** The payload as received or as the job had it; untrusted text. */
  payload: string;
  attempts: number;
  createdAt: string;
  retriedAt: string | null;
  /** Only dead jobs can be retried; a payload is fixed at its source. */
  retryable: boolean;
}

export function deadLetterService(store: Store, clock: Clock) {
  return {
    async list(principal: Principal, options: { limit?: number; before?: string }) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
      const rows = await store.jobs.deadLetters({
        workspaceId: principal.workspace.id,
        limit,
        before: options.before ? new Date(options.before) : undefined,
      });
      return rows.map(
        (r): DeadLetterView => ({
          id: r.id,
          origin: r.origin,
          name: r.name,
          sourceId: r.sourceId,
          code: r.code,
          reason: r.reason,
          payload: r.payload,
          attempts: r.attempts,
          createdAt: r.createdAt.toISOString(),
          retriedAt: r.retriedAt?.toISOString() ?? null,
          retryable: r.origin === "job" && r.jobId !== null && r.retriedAt === null,
        }),
      );
    },

    async retry(principal: Principal, id: string): Promise<void> {
      const letter = await store.jobs.getDeadLetter(id);
      if (!letter || (letter.workspaceId !== null && letter.workspaceId !== principal.workspace.id)) {
        throw new ParleyError("not_found", "No such dead letter");
      }
      const retried = await store.transaction(async (tx) => {
        const ok = await tx.jobs.retryDead(id, new Date(clock.now()));
        if (ok) {
          await tx.audit.record({
            workspaceId: principal.workspace.id,
            actorUserId: principal.user.id,
            action: "dead_letter.retry",
            subjectType: "dead_letter",
            subjectId: id,
            detail: { job: letter.name },
          });
        }
        return ok;
      });
      if (!retried)
        throw new ParleyError("invalid_transition", "Only a dead job not yet retried can be retried");
    },
  };
}
