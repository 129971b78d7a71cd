/**
 * Incidents: when a spike rule fires on a topic, an intent or a sentiment, the open work items of
 * the conversations that posted with that label in the spike's hour are grouped into one incident
 * (in the alert's transaction, so a repeated round adds nothing twice); while the incident is
 * open, the rule's next alerts about the same value add the new items to it. A supervisor answers the incident once; a job
 * then gives every item the answer with its own template variables filled, each through the
 * normal reply path (checks, consent, approvals, the `reply.send` job with the reply's id as
 * idempotency key), and closes it. The item's reply is recorded on the incident in the reply's
 * own transaction, so a job run again after a crash never writes a second reply to an item.
 */

import type { Clock } from "../domain/clock.ts";
import { incidentTimeline } from "../domain/incidentTimeline.ts";
import type { IncidentAnswerInput, IncidentDetailView, IncidentView } from "../domain/incidentViews.ts";
import { AGENT_GIVEN, renderTemplate, templateVariables } from "../domain/templates.ts";
import { ParleyError } from "../errors.ts";
import type { AlertRow, IncidentCounts, IncidentDimension, IncidentRow, Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import type { ReplyService } from "./replies.ts";
import { scrub, seesPersonalData } from "./visibility.ts";
import type { WorkItemService } from "./workItems.ts";

/** At most this many work items join an incident at once. */
export const INCIDENT_MAX_ITEMS = 1000;
const OPEN_STATES: ReadonlySet<string> = new Set(["new", "reserved"]);
const NO_COUNTS: IncidentCounts = {
  items: 0,
  replied: 0,
  failed: 0,
  skipped: 0,
  closed: 0,
  sent: 0,
  queued: 0,
  replyFailed: 0,
  awaitingApproval: 0,
};

/**
 * Groups the open work items of a spike's hour (by topic, intent or sentiment: the posts whose
 * shown label is the spike's) into the rule's open incident about that value, opening one when
 * there is none and there are items; runs in the alert's transaction.
 */
export async function groupSpikeIncident(
  tx: Store,
  spike: { alert: AlertRow; dimension: IncidentDimension; key: string; from: Date; to: Date; now: Date },
): Promise<IncidentRow | null> {
  const { alert, dimension, key, now } = spike;
  const value = dimension === "topic" && key === "none" ? null : key;
  const ids = await tx.incidents.openItemsWith(
    alert.workspaceId,
    dimension,
    value,
    spike.from,
    spike.to,
    INCIDENT_MAX_ITEMS,
  );
  let incident = await tx.incidents.openFor(alert.workspaceId, alert.ruleId, key);
  if (!incident) {
    if (ids.length === 0) return null;
    incident = await tx.incidents.create(
      {
        workspaceId: alert.workspaceId,
        ruleId: alert.ruleId,
        alertId: alert.id,
        dimension,
        key,
        title: `Spike in ${dimension} ${key}`,
        summary: alert.why.summary,
      },
      now,
    );
    await tx.audit.record({
      workspaceId: alert.workspaceId,
      actorUserId: null,
      action: "incident.opened",
      subjectType: "incident",
      subjectId: incident.id,
      detail: { dimension, key, alertId: alert.id, items: ids.length },
    });
  }
  await tx.incidents.addItems(incident.id, ids, now);
  return incident;
}

/** Thrown inside a reply's transaction when the item's reply was recorded meanwhile: nothing is written. */
class AlreadyAnswered extends Error {}

function present(row: IncidentRow, counts: IncidentCounts | undefined): IncidentView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    alertId: row.alertId,
    dimension: row.dimension,
    key: row.key,
    title: row.title,
    summary: row.summary,
    state: row.state,
    answerText: row.answerText,
    answeredBy: row.answeredByUserId,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    counts: counts ?? NO_COUNTS,
  };
}

/** The job that carries out an incident's answer. */
export const INCIDENT_ANSWER_JOB = "incidents.answer";

export function incidentService(deps: {
  store: Store;
  replies: ReplyService;
  workItems: WorkItemService;
  clock: Clock;
  /** Who the answering user is now: null when they were removed or disabled. */
  principal(workspaceId: string, userId: string): Promise<Principal | null>;
}) {
  const { store, clock } = deps;

  async function detail(principal: Principal, id: string): Promise<IncidentDetailView> {
    const workspaceId = principal.workspace.id;
    // Analysts get the posts without the personal data in them, as on every route.
    const shown = seesPersonalData(principal.user.role)
      ? (s: string | null) => s
      : (s: string | null) => (s === null ? null : scrub(s));
    const row = await store.incidents.get(workspaceId, id);
    if (!row) throw new ParleyError("not_found", "No such incident");
    const [counts, items] = await Promise.all([store.incidents.counts([id]), store.incidents.items(id)]);
    return {
      ...present(row, counts.get(id)),
      timeline: incidentTimeline({
        createdAt: row.createdAt,
        answeredAt: row.answeredAt,
        answering: row.state === "answering",
        items,
      }),
      items: items.map((item) => ({
        workItemId: item.workItemId,
        state: item.state,
        conversationId: item.conversationId,
        text: shown(item.postText),
        author: shown(item.authorHandle),
        addedAt: item.addedAt.toISOString(),
        outcome: item.outcome,
        error: item.error,
        replyId: item.replyId,
        replyStatus: item.replyStatus,
      })),
    };
  }

  return {
    async list(principal: Principal): Promise<{ items: IncidentView[] }> {
      const rows = await store.incidents.list(principal.workspace.id, 100);
      const counts = await store.incidents.counts(rows.map((r) => r.id));
      return { items: rows.map((r) => present(r, counts.get(r.id))) };
    },

    get: (principal: Principal, id: string) => detail(principal, id),

    /**
     * Takes the one answer and hands it to the `incidents.answer` job, which answers and closes
     * the items in the background (an incident may hold a thousand): the incident is `answering`
     * until the job has been through every item, and the page shows the counts as they move.
     */
    async answer(principal: Principal, id: string, input: IncidentAnswerInput): Promise<IncidentDetailView> {
      const workspaceId = principal.workspace.id;
      if (templateVariables(input.text).some((v) => AGENT_GIVEN.has(v)))
        throw new ParleyError("incident_variable_unavailable");
      const now = new Date(clock.now());
      await store.transaction(async (tx) => {
        const row = await tx.incidents.lock(workspaceId, id);
        if (!row) throw new ParleyError("not_found", "No such incident");
        if (row.state === "answering") throw new ParleyError("incident_answering");
        if (row.state === "answered") throw new ParleyError("incident_answered");
        await tx.incidents.update(
          id,
          {
            state: "answering",
            answerText: input.text,
            answeredByUserId: principal.user.id,
            answeredAt: now,
          },
          now,
        );
        await tx.jobs.enqueue({
          name: INCIDENT_ANSWER_JOB,
          key: `incident:${id}`,
          workspaceId,
          payload: { workspaceId, incidentId: id },
          runAt: now,
        });
      });
      return detail(principal, id);
    },

    /**
     * The answer's work, run by the job: each item not yet replied to gets the answer with its own
     * variables through the normal reply path and is closed; then the incident is answered and
     * audited. Run again after a crash, it writes no second reply: each item's reply is recorded
     * on the incident in the reply's own transaction.
     */
    async carryOut(workspaceId: string, id: string): Promise<void> {
      const row = await store.incidents.get(workspaceId, id);
      if (row?.state !== "answering" || row.answerText === null) return;
      const at = () => new Date(clock.now());
      const principal = row.answeredByUserId ? await deps.principal(workspaceId, row.answeredByUserId) : null;
      const brand = principal ? (principal.workspace.brandNames?.[0] ?? principal.workspace.name) : "";
      for (const item of await store.incidents.items(id)) {
        const open = item.state !== null && OPEN_STATES.has(item.state);
        if (item.replyId === null) {
          if (!open) {
            if (item.outcome === null)
              await store.incidents.setOutcome(id, item.workItemId, "skipped", "Closed before the answer");
            continue;
          }
          if (!principal) {
            // The one who answered was removed or disabled meanwhile: nobody may reply in their name.
            await store.incidents.setOutcome(
              id,
              item.workItemId,
              "failed",
              "The answering user can no longer act",
            );
            continue;
          }
          try {
            const text = renderTemplate(row.answerText, {
              customer_name: item.authorName?.trim() ? item.authorName : `@${item.authorHandle ?? ""}`,
              agent_name: principal.user.name,
              brand_name: brand,
            });
            await deps.replies.create(
              principal,
              item.workItemId,
              { text, channel: item.postChannel ?? "public" },
              {
                within: async (tx, reply) => {
                  if (!(await tx.incidents.claimReply(id, item.workItemId, reply.id)))
                    throw new AlreadyAnswered();
                },
              },
            );
          } catch (err) {
            if (err instanceof ParleyError) {
              await store.incidents.setOutcome(id, item.workItemId, "failed", `${err.code}: ${err.message}`);
              continue;
            }
            if (!(err instanceof AlreadyAnswered)) throw err;
          }
        }
        // Replied now or by an earlier run: the item is done.
        if (open && principal) {
          try {
            await deps.workItems.act(principal, item.workItemId, "resolve");
          } catch (err) {
            // Closed or moved meanwhile by someone else: left as it is.
            if (!(err instanceof ParleyError)) throw err;
          }
        }
      }
      await store.transaction(async (tx) => {
        const locked = await tx.incidents.lock(workspaceId, id);
        if (locked?.state !== "answering") return;
        await tx.incidents.update(id, { state: "answered" }, at());
        const counts = (await tx.incidents.counts([id])).get(id) ?? NO_COUNTS;
        await tx.audit.record({
          workspaceId,
          actorUserId: row.answeredByUserId,
          action: "incident.answered",
          subjectType: "incident",
          subjectId: id,
          detail: {
            items: counts.items,
            replied: counts.replied,
            failed: counts.failed,
            skipped: counts.skipped,
          },
        });
      });
    },
  };
}

export type IncidentService = ReturnType<typeof incidentService>;
