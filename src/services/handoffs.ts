/**
 * Hand-off to an external contact center. An admin sets the workspace's endpoint (its signing
 * secret generated here, shown once and sealed at rest; its URL checked by the address guard). An
 * agent holding an item, or a supervisor, hands it off: the item moves to `queued_external` with a
 * `handoffs` row and a `handoff.queued` event in one transaction, and the `handoff.deliver` job
 * (`src/jobs/handoffDeliver.ts`) posts it. The contact center reports the status back, signed
 * with the same secret; statuses only move forward, `handled` resolves the item and `rejected`
 * returns it to the inbox.
 */
import type { Bus } from "../bus/index.ts";
import { AddressRefused, checkUrl, vetHost } from "../connectors/net/addressGuard.ts";
import type { SecretBox } from "../connectors/secretBox.ts";
import { newSigningSecret, verifyPush } from "../connectors/webhook/push.ts";
import type { Clock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import { applyReport, validHandoffReason, workItemAfterReport } from "../domain/handoff.ts";
import {
  type HandoffEndpointInput,
  type HandoffEndpointView,
  type HandoffView,
  handoffReport,
} from "../domain/handoffViews.ts";
import type { WorkItemView } from "../domain/views.ts";
import { nextState } from "../domain/workItem.ts";
import { ParleyError } from "../errors.ts";
import type { HandoffEndpointRow, HandoffRow, HandoffUpdateRow, Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { announceWorkItem } from "./replies.ts";
import { workItemFor } from "./visibility.ts";
import type { MoveHooks } from "./workItems.ts";

export const handoffStatusPath = (id: string) => `/api/handoffs/${id}/status`;

function presentEndpoint(row: HandoffEndpointRow | null): HandoffEndpointView {
  return {
    configured: row !== null,
    url: row?.url ?? null,
    enabled: row?.enabled ?? false,
    allowPrivateNetwork: row?.allowPrivateNetwork ?? false,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

export function presentHandoff(
  row: HandoffRow & { byName: string | null; updates: HandoffUpdateRow[] },
): HandoffView {
  return {
    id: row.id,
    workItemId: row.workItemId,
    status: row.status,
    reason: row.reason,
    by: row.byUserId ? { id: row.byUserId, name: row.byName } : null,
    externalAgent: row.externalAgent,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: row.updates.map((u) => ({
      status: u.status as HandoffView["status"],
      agent: u.agent,
      note: u.note,
      at: u.at.toISOString(),
    })),
  };
}

/** Refuses a URL the address guard would not let a delivery reach. */
async function checkEndpointUrl(url: string, allowPrivateNetwork: boolean): Promise<string> {
  try {
    const parsed = checkUrl(url, { allowPrivateNetwork });
    await vetHost(parsed.hostname, { allowPrivateNetwork });
    return parsed.href;
  } catch (err) {
    if (err instanceof AddressRefused) throw new ParleyError("handoff_url_refused", err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new ParleyError("handoff_url_refused", "The URL's host name has no address");
    }
    throw err;
  }
}

/**
 * Moves a handed-off item on after its hand-off ended: resolved (`handled`) or back to the inbox
 * (`new`, nobody holding it). Nothing happens if the item is no longer outside. Inside `tx`.
 */
export async function settleHandedOffItem(
  tx: Store,
  workspaceId: string,
  workItemId: string,
  to: "handled" | "new",
  detail: Record<string, unknown>,
): Promise<number | undefined> {
  const lock = await tx.workItems.lockForUpdate(workspaceId, workItemId);
  if (lock?.state !== "queued_external") return undefined;
  const assigneeId = to === "new" ? null : lock.assigneeId;
  await tx.workItems.move(workspaceId, workItemId, { state: to, assigneeId });
  await tx.audit.record({
    workspaceId,
    actorUserId: null,
    action: to === "handled" ? "work_item.handled_external" : "work_item.returned_from_handoff",
    subjectType: "work_item",
    subjectId: workItemId,
    detail: { from: lock.state, to, ...detail },
  });
  const events = [
    newEvent("work_item.moved", workspaceId, { workItemId, from: lock.state, to, actorUserId: null }),
  ];
  if (assigneeId !== lock.assigneeId) {
    events.push(
      newEvent("work_item.assigned", workspaceId, { workItemId, agentUserId: null, actorUserId: null }),
    );
  }
  return (await tx.events.append(events)).at(-1)?.seq;
}

export function handoffService(deps: {
  store: Store;
  bus: Bus;
  box: SecretBox;
  clock: Clock;
  routing?: Pick<MoveHooks, "requestDispatch" | "touch">;
}) {
  const { store, bus, box, clock, routing } = deps;
  return {
    async endpoint(principal: Principal): Promise<HandoffEndpointView> {
      return presentEndpoint(await store.handoffs.endpoint(principal.workspace.id));
    },

    /** Sets the endpoint; the signing secret is made on the first save or on rotation, and returned then only. */
    async saveEndpoint(principal: Principal, input: HandoffEndpointInput) {
      const workspaceId = principal.workspace.id;
      const current = await store.handoffs.endpoint(workspaceId);
      const allowPrivateNetwork = input.allowPrivateNetwork ?? current?.allowPrivateNetwork ?? false;
      const url = await checkEndpointUrl(input.url, allowPrivateNetwork);
      const secret = !current || input.rotateSecret ? newSigningSecret() : null;
      const row: HandoffEndpointRow = {
        workspaceId,
        url,
        secret: secret ? box.seal({ signingSecret: secret }) : current!.secret,
        enabled: input.enabled ?? current?.enabled ?? true,
        allowPrivateNetwork,
        updatedAt: new Date(clock.now()),
      };
      await store.transaction(async (tx) => {
        await tx.handoffs.saveEndpoint(row);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: current ? "handoff_endpoint.updated" : "handoff_endpoint.created",
          subjectType: "handoff_endpoint",
          subjectId: workspaceId,
          detail: {
            url,
            enabled: row.enabled,
            allowPrivateNetwork,
            ...(secret && current ? { secretRotated: true } : {}),
          },
        });
      });
      return { ...presentEndpoint(row), secret };
    },

    async forWorkItem(principal: Principal, workItemId: string): Promise<{ items: HandoffView[] }> {
      const workspaceId = principal.workspace.id;
      const item = await store.views.workItem(workspaceId, workItemId);
      if (!item) throw new ParleyError("not_found", "No such work item");
      const rows = await store.handoffs.forWorkItem(workspaceId, workItemId);
      return { items: rows.map(presentHandoff) };
    },

    /** Hands the item off: the holder, or a supervisor; it waits outside until the contact center reports. */
    async handOff(
      principal: Principal,
      workItemId: string,
      input: { reason: string },
    ): Promise<{ handoff: HandoffView; workItem: WorkItemView }> {
      const workspaceId = principal.workspace.id;
      const override = principal.user.role === "supervisor" || principal.user.role === "admin";
      const reason = validHandoffReason(input.reason);
      const endpoint = await store.handoffs.endpoint(workspaceId);
      if (!endpoint?.enabled) throw new ParleyError("handoff_not_configured");
      let seq: number | undefined;
      const handoffId = await store.transaction(async (tx) => {
        const lock = await tx.workItems.lockForUpdate(workspaceId, workItemId);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        // Like a resolve, a hand-off needs the item held, so two people never send it off unawares.
        if (lock.state === "new" && !override) throw new ParleyError("work_item_not_held");
        const next = nextState(lock, "hand_off", principal.user.id, override);
        await tx.workItems.move(workspaceId, workItemId, next);
        const at = new Date(clock.now());
        const row = await tx.handoffs.create({
          workspaceId,
          workItemId,
          reason,
          byUserId: principal.user.id,
          at,
        });
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "work_item.hand_off",
          subjectType: "work_item",
          subjectId: workItemId,
          detail: { from: lock.state, to: next.state, handoffId: row.id, reason },
        });
        const events = [
          newEvent("work_item.moved", workspaceId, {
            workItemId,
            from: lock.state,
            to: next.state,
            actorUserId: principal.user.id,
          }),
          newEvent("handoff.queued", workspaceId, { handoffId: row.id, workItemId }),
        ];
        seq = (await tx.events.append(events)).at(-1)?.seq;
        await routing?.requestDispatch(tx, workspaceId);
        await routing?.touch(tx, workspaceId, principal.user.id);
        return row.id;
      });
      await announceWorkItem(store, bus, workspaceId, workItemId, seq);
      const [handoff] = (await store.handoffs.forWorkItem(workspaceId, workItemId)).filter(
        (h) => h.id === handoffId,
      );
      const item = await store.views.workItem(workspaceId, workItemId);
      if (!handoff || !item) throw new ParleyError("not_found", "No such work item");
      return { handoff: presentHandoff(handoff), workItem: workItemFor(principal.user.role, item) };
    },

    /**
     * A status reported by the contact center, authenticated by the endpoint's signature over the
     * exact body. An unknown hand-off answers as a bad signature, so ids cannot be probed.
     */
    async report(
      handoffId: string,
      headers: { timestamp?: string; signature?: string },
      body: Buffer,
    ): Promise<{ id: string; status: HandoffRow["status"]; changed: boolean }> {
      const found = await store.handoffs.get(handoffId);
      const endpoint = found ? await store.handoffs.endpoint(found.workspaceId) : null;
      if (!found || !endpoint) throw new ParleyError("signature_invalid");
      const secret = box.open(endpoint.secret).signingSecret;
      if (!secret) throw new ParleyError("signature_invalid");
      verifyPush(secret, headers, body, clock.now());
      let value: unknown;
      try {
        value = JSON.parse(body.toString("utf8"));
      } catch {
        throw new ParleyError("malformed_json");
      }
      const parsed = handoffReport.safeParse(value);
      if (!parsed.success) {
        throw new ParleyError(
          "validation_failed",
          'The body must be {"status": "accepted" | "assigned" | "handled" | "rejected", "agent"?, "note"?}',
        );
      }
      const report = parsed.data;
      const workspaceId = found.workspaceId;
      let seq: number | undefined;
      const result = await store.transaction(async (tx) => {
        const current = await tx.handoffs.lock(handoffId);
        if (!current) throw new ParleyError("signature_invalid");
        if (!applyReport(current.status, report.status)) {
          return { id: handoffId, status: current.status, changed: false };
        }
        const at = new Date(clock.now());
        await tx.handoffs.setStatus(handoffId, {
          status: report.status,
          agent: report.agent ?? null,
          note: report.note ?? null,
          at,
        });
        await tx.audit.record({
          workspaceId,
          actorUserId: null,
          action: "handoff.status",
          subjectType: "work_item",
          subjectId: current.workItemId,
          detail: {
            handoffId,
            from: current.status,
            to: report.status,
            ...(report.agent ? { agent: report.agent } : {}),
            ...(report.note ? { note: report.note } : {}),
          },
        });
        seq = (
          await tx.events.append([
            newEvent("handoff.status_changed", workspaceId, {
              handoffId,
              workItemId: current.workItemId,
              status: report.status,
            }),
          ])
        ).at(-1)?.seq;
        const to = workItemAfterReport(report.status);
        if (to) {
          seq =
            (await settleHandedOffItem(tx, workspaceId, current.workItemId, to, {
              handoffId,
              status: report.status,
            })) ?? seq;
          if (to === "new") await routing?.requestDispatch(tx, workspaceId);
        }
        return { id: handoffId, status: report.status, changed: true };
      });
      if (result.changed) await announceWorkItem(store, bus, workspaceId, found.workItemId, seq);
      return result;
    },
  };
}

export type HandoffService = ReturnType<typeof handoffService>;
