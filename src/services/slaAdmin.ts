/**
 * Setting service levels up and reading how they went: calendars, policies (each change audited,
 * announced with `sla.changed`, and every running item's clocks replayed with it), and the report
 * of SLA met % per queue, agent and policy with the breached items behind each figure.
 */
import { newEvent } from "../domain/events.ts";
import { type CalendarSpec, calendarProblem } from "../domain/sla/calendar.ts";
import { policyProblem, type SlaPolicy } from "../domain/sla/policy.ts";
import type { SlaReport } from "../domain/slaViews.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { CalendarRecord, PolicyInput, SlaOutcome } from "../store/sla.ts";
import type { Principal } from "./auth.ts";
import type { SlaEngine } from "./sla.ts";

export type CalendarInput = Omit<CalendarRecord, "id">;

/** The longest period a report covers. */
const MAX_REPORT_MS = 366 * 86_400_000;
const BREACHED_SHOWN = 100;

function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err as { code?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === "23505" || /UNIQUE constraint failed/.test(String(e.message ?? ""))) return true;
  }
  return false;
}

type Figure = SlaReport["overall"];

/** Met % of decided items per group, with the breached ones behind each figure. */
export function slaFigures(
  outcomes: readonly SlaOutcome[],
  keyOf: (o: SlaOutcome) => string | null,
  nameOf: (key: string) => string,
): Figure[] {
  const groups = new Map<string, SlaOutcome[]>();
  for (const o of outcomes) {
    const key = keyOf(o);
    if (key === null) continue;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups]
    .map(([key, list]) => figure(key, nameOf(key), list))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function figure(key: string, name: string, list: readonly SlaOutcome[]): Figure {
  const breached = list.filter((o) => o.breached);
  const met = list.length - breached.length;
  return {
    key,
    name,
    total: list.length,
    met,
    metPct: list.length ? Math.round((met / list.length) * 1000) / 10 : null,
    breached: breached
      .slice(0, BREACHED_SHOWN)
      .map((o) => ({ workItemId: o.workItemId, conversationId: o.conversationId })),
  };
}

export function slaAdminService(store: Store, engine: SlaEngine) {
  async function audited(
    principal: Principal,
    change: "policy" | "calendar",
    action: string,
    work: (tx: Store) => Promise<{ id: string; detail: Record<string, unknown> }>,
  ) {
    const workspaceId = principal.workspace.id;
    try {
      await store.transaction(async (tx) => {
        const { id, detail } = await work(tx);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action,
          subjectType: `sla_${change}`,
          subjectId: id,
          detail,
        });
        await tx.events.append([newEvent("sla.changed", workspaceId, { change })]);
        await engine.requestRefresh(tx, workspaceId);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ParleyError("conflict", `An SLA ${change} with that name exists`);
      throw err;
    }
  }

  function checkCalendar(input: CalendarSpec) {
    const problem = calendarProblem(input);
    if (problem) throw new ParleyError("validation_failed", problem);
  }

  async function checkPolicy(principal: Principal, input: PolicyInput) {
    const problem = policyProblem(input);
    if (problem) throw new ParleyError("validation_failed", problem);
    const workspaceId = principal.workspace.id;
    if (input.calendarId && !(await store.sla.calendar(workspaceId, input.calendarId)))
      throw new ParleyError("validation_failed", "The policy's calendar does not exist");
    for (const e of input.escalations) {
      if (e.queueId && !(await store.routing.queue(workspaceId, e.queueId)))
        throw new ParleyError("validation_failed", "An escalation's queue does not exist");
    }
  }

  return {
    listCalendars: (principal: Principal) => store.sla.calendars(principal.workspace.id),
    async createCalendar(principal: Principal, input: CalendarInput): Promise<CalendarRecord> {
      checkCalendar(input);
      let created: CalendarRecord | undefined;
      await audited(principal, "calendar", "sla_calendar.create", async (tx) => {
        created = await tx.sla.createCalendar(principal.workspace.id, input);
        return { id: created.id, detail: { ...input } };
      });
      return created!;
    },
    async updateCalendar(principal: Principal, id: string, input: CalendarInput): Promise<CalendarRecord> {
      checkCalendar(input);
      let updated: CalendarRecord | null = null;
      await audited(principal, "calendar", "sla_calendar.update", async (tx) => {
        updated = await tx.sla.updateCalendar(principal.workspace.id, id, input);
        if (!updated) throw new ParleyError("not_found", "No such calendar");
        return { id, detail: { ...input } };
      });
      return updated!;
    },
    async deleteCalendar(principal: Principal, id: string): Promise<void> {
      await audited(principal, "calendar", "sla_calendar.delete", async (tx) => {
        if (await tx.sla.calendarInUse(principal.workspace.id, id))
          throw new ParleyError("sla_calendar_in_use");
        if (!(await tx.sla.deleteCalendar(principal.workspace.id, id)))
          throw new ParleyError("not_found", "No such calendar");
        return { id, detail: {} };
      });
    },

    listPolicies: (principal: Principal) => store.sla.policies(principal.workspace.id),
    async createPolicy(principal: Principal, input: PolicyInput): Promise<SlaPolicy> {
      await checkPolicy(principal, input);
      let created: SlaPolicy | undefined;
      await audited(principal, "policy", "sla_policy.create", async (tx) => {
        created = await tx.sla.createPolicy(principal.workspace.id, input);
        return { id: created.id, detail: { ...input } };
      });
      return created!;
    },
    async updatePolicy(principal: Principal, id: string, input: PolicyInput): Promise<SlaPolicy> {
      await checkPolicy(principal, input);
      let updated: SlaPolicy | null = null;
      await audited(principal, "policy", "sla_policy.update", async (tx) => {
        updated = await tx.sla.updatePolicy(principal.workspace.id, id, input);
        if (!updated) throw new ParleyError("not_found", "No such SLA policy");
        return { id, detail: { ...input } };
      });
      return updated!;
    },
    async deletePolicy(principal: Principal, id: string): Promise<void> {
      await audited(principal, "policy", "sla_policy.delete", async (tx) => {
        if (!(await tx.sla.deletePolicy(principal.workspace.id, id)))
          throw new ParleyError("not_found", "No such SLA policy");
        return { id, detail: {} };
      });
    },

    /** SLA met % over items opened in [from, to): overall, per queue, per agent, per policy. */
    async report(principal: Principal, from: Date, to: Date): Promise<SlaReport> {
      if (!(from.getTime() < to.getTime()))
        throw new ParleyError("validation_failed", "The period ends before it starts");
      if (to.getTime() - from.getTime() > MAX_REPORT_MS)
        throw new ParleyError("validation_failed", "A report covers a year at most");
      const workspaceId = principal.workspace.id;
      const [outcomes, policies, queues, users] = await Promise.all([
        store.sla.outcomes(workspaceId, from, to),
        store.sla.policies(workspaceId),
        store.routing.queues(workspaceId),
        store.users.list(workspaceId),
      ]);
      const names = (list: readonly { id: string; name: string }[]) => {
        const map = new Map(list.map((x) => [x.id, x.name]));
        return (key: string) => map.get(key) ?? "(deleted)";
      };
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        overall: figure("all", "All items", outcomes),
        queues: slaFigures(outcomes, (o) => o.queueId, names(queues)),
        agents: slaFigures(outcomes, (o) => o.agentId, names(users)),
        policies: slaFigures(outcomes, (o) => o.policyId, names(policies)),
      };
    },
  };
}

export type SlaAdminService = ReturnType<typeof slaAdminService>;
