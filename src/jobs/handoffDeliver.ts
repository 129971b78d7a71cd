/**
 * `handoff.deliver`: started by `handoff.queued`, posts the hand-off to the workspace's endpoint,
 * signed like the push webhook (HMAC-SHA256 of "<timestamp>.<body>") with the hand-off's id as the
 * Idempotency-Key, so the contact center recognises a retried delivery. A 2xx marks it delivered;
 * a 5xx, 408, 429, a timeout or a broken connection is retried with backoff; any other answer, a
 * refused address or the last attempt failing marks the hand-off failed with the reason, puts the
 * item back in the inbox, and lands the job in the dead letters.
 */
import type { Bus } from "../bus/index.ts";
import type { FetchLike } from "../connectors/net/guardedFetch.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import { newEvent } from "../domain/events.ts";
import { isFinalHandoff } from "../domain/handoff.ts";
import { handoffPayload } from "../domain/handoffPayload.ts";
import { handoffStatusPath, settleHandedOffItem } from "../services/handoffs.ts";
import { announceWorkItem } from "../services/replies.ts";
import type { Store } from "../store/index.ts";
import { type JobDefinition, PermanentJobError } from "./definition.ts";
import { postSigned } from "./signedDelivery.ts";

export const HANDOFF_DELIVER = "handoff.deliver";
const RETRIES = { max: 6, baseMs: 2000, maxMs: 5 * 60_000 };

export interface HandoffDeliverDeps {
  bus: Bus;
  box: SecretBox;
  /** Parley's public address, so the contact center knows where to report; else the path alone. */
  publicUrl?: string;
  /** How long the endpoint may take to answer (default 10 s). */
  timeoutMs?: number;
  /** Push routing runs again when an item comes back to the inbox. */
  requestDispatch?: (tx: Store, workspaceId: string) => Promise<void>;
  /** The fetch each hop is made with (tests); default undici through the address guard. */
  fetch?: FetchLike;
}

export function handoffDeliverJob(deps: HandoffDeliverDeps): JobDefinition {
  const timeoutMs = deps.timeoutMs ?? 10_000;

  async function fail(store: Store, workspaceId: string, handoffId: string, reason: string, at: Date) {
    let workItemId: string | null = null;
    let seq: number | undefined;
    await store.transaction(async (tx) => {
      const current = await tx.handoffs.lock(handoffId);
      if (!current || isFinalHandoff(current.status)) return;
      workItemId = current.workItemId;
      await tx.handoffs.setStatus(handoffId, { status: "failed", error: reason, at });
      seq = (
        await tx.events.append([
          newEvent("handoff.status_changed", workspaceId, {
            handoffId,
            workItemId: current.workItemId,
            status: "failed",
          }),
        ])
      ).at(-1)?.seq;
      seq =
        (await settleHandedOffItem(tx, workspaceId, current.workItemId, "new", { handoffId, reason })) ?? seq;
      await deps.requestDispatch?.(tx, workspaceId);
    });
    if (workItemId) await announceWorkItem(store, deps.bus, workspaceId, workItemId, seq);
  }

  return {
    name: HANDOFF_DELIVER,
    trigger: { event: ["handoff.queued"] },
    retries: RETRIES,
    lockMs: timeoutMs * 3,
    payload: (event) =>
      event.type === "handoff.queued" && event.workspaceId
        ? { handoffId: event.data.handoffId, workspaceId: event.workspaceId }
        : null,
    async run(job, { store, clock, signal }) {
      const workspaceId = String(job.payload.workspaceId);
      const handoff = await store.handoffs.get(String(job.payload.handoffId));
      // Delivered, reported on or failed by an earlier run: nothing left to do.
      if (!handoff || handoff.workspaceId !== workspaceId || handoff.status !== "queued") return;
      const giveUp = async (code: string, reason: string): Promise<never> => {
        await fail(store, workspaceId, handoff.id, reason, new Date(clock.now()));
        throw new PermanentJobError(code, reason);
      };
      const endpoint = await store.handoffs.endpoint(workspaceId);
      if (!endpoint?.enabled) return giveUp("handoff_not_configured", "The hand-off endpoint is not enabled");
      const item = await store.views.workItem(workspaceId, handoff.workItemId);
      if (!item) return giveUp("work_item_missing", "The work item is no longer stored");
      const posts = await store.views.conversationPosts(workspaceId, item.conversationId);
      const by = handoff.byUserId ? await store.users.get(workspaceId, handoff.byUserId) : null;
      const path = handoffStatusPath(handoff.id);
      const body = JSON.stringify(
        handoffPayload({
          handoff: {
            id: handoff.id,
            reason: handoff.reason,
            createdAt: handoff.createdAt,
            by: handoff.byUserId ? { id: handoff.byUserId, name: by?.name ?? null } : null,
          },
          item,
          posts,
          callbackUrl: deps.publicUrl ? new URL(path, deps.publicUrl).href : path,
        }),
      );
      const secret = deps.box.open(endpoint.secret).signingSecret ?? "";
      await store.handoffs.countAttempt(handoff.id, job.attempts);

      const outcome = await postSigned({
        url: endpoint.url,
        body,
        secret,
        event: "handoff",
        userAgent: "Parley hand-off",
        idempotencyKey: handoff.id,
        attempt: job.attempts,
        now: clock.now(),
        allowPrivateNetwork: endpoint.allowPrivateNetwork,
        timeoutMs,
        signal,
        peer: "The contact center",
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      if (outcome.kind === "refused") return giveUp("handoff_refused", outcome.reason);
      if (outcome.kind === "retry") {
        if (job.attempts >= job.maxAttempts)
          await fail(store, workspaceId, handoff.id, outcome.reason, new Date(clock.now()));
        throw new Error(outcome.reason);
      }
      let seq: number | undefined;
      await store.transaction(async (tx) => {
        const current = await tx.handoffs.lock(handoff.id);
        // A report that came in while the delivery waited for its answer already moved it on.
        if (current?.status !== "queued") return;
        await tx.handoffs.setStatus(handoff.id, { status: "delivered", at: new Date(clock.now()) });
        seq = (
          await tx.events.append([
            newEvent("handoff.status_changed", workspaceId, {
              handoffId: handoff.id,
              workItemId: handoff.workItemId,
              status: "delivered",
            }),
          ])
        ).at(-1)?.seq;
      });
      if (seq !== undefined) await announceWorkItem(store, deps.bus, workspaceId, handoff.workItemId, seq);
    },
  };
}
