/** SLA jobs: facts about work items from the events that carry them, the clocks' timers, refreshes. */
import type { DomainEvent } from "../domain/events.ts";
import { SLA_JOBS, type SlaEngine } from "../services/sla.ts";
import { forEachEvent, type JobDefinition } from "./definition.ts";

const CLOSED = new Set(["handled", "discarded"]);
/** With the external contact center: the clocks pause until the item comes back or is closed. */
const AWAY = "queued_external";

function field(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== "string") throw new Error(`The job's payload lacks ${name}`);
  return value;
}

/** What an event means for an item's SLA, as the job's payload; null when nothing. */
function slaPayload(event: DomainEvent): Record<string, unknown> | null {
  if (!event.workspaceId) return null;
  const base = { workspaceId: event.workspaceId, eventId: event.id, at: event.at.toISOString() };
  switch (event.type) {
    case "work_item.opened":
      return { ...base, kind: "opened", workItemId: event.data.workItemId };
    case "posts.stored":
      return { ...base, kind: "posts", postIds: event.data.postIds };
    case "work_item.moved": {
      const { from, to, workItemId } = event.data;
      if (CLOSED.has(to) && !CLOSED.has(from)) return { ...base, kind: "closed", workItemId };
      if (to === AWAY && !CLOSED.has(from)) return { ...base, kind: "handed_off", workItemId };
      if (from === AWAY && !CLOSED.has(to)) return { ...base, kind: "handed_back", workItemId };
      if (CLOSED.has(from) && !CLOSED.has(to)) return { ...base, kind: "reopened", workItemId };
      return null;
    }
    case "work_item.queued":
      // The queue is one of a policy's conditions: the item's policy is chosen again.
      return { ...base, kind: "check", workItemId: event.data.workItemId };
    default:
      return null;
  }
}

/** One event's meaning for an item's SLA, recorded by the engine (each fact once, by the event's id). */
async function track(engine: SlaEngine, p: Record<string, unknown>): Promise<void> {
  const workspaceId = field(p, "workspaceId");
  const at = Date.parse(field(p, "at"));
  const kind = field(p, "kind");
  if (kind === "posts") {
    const ids = Array.isArray(p.postIds) ? p.postIds.filter((i): i is string => typeof i === "string") : [];
    await engine.postsStored(workspaceId, ids, at);
  } else if (kind === "check") {
    await engine.check(workspaceId, field(p, "workItemId"));
  } else if (
    kind === "opened" ||
    kind === "closed" ||
    kind === "reopened" ||
    kind === "handed_off" ||
    kind === "handed_back"
  ) {
    await engine.record(workspaceId, field(p, "workItemId"), { kind, at, key: field(p, "eventId") });
  }
}

export function slaJobs(engine: SlaEngine): JobDefinition[] {
  return [
    {
      name: "sla.track",
      // Every stored work item opens a clock: an import's thousands take one job a relay round.
      trigger: {
        event: ["work_item.opened", "posts.stored", "work_item.moved", "work_item.queued"],
        batch: true,
      },
      payload: slaPayload,
      run: (job) => forEachEvent(job, (p) => track(engine, p)),
    },
    {
      name: SLA_JOBS.check,
      trigger: { due: true },
      async run(job) {
        await engine.check(field(job.payload, "workspaceId"), field(job.payload, "workItemId"));
      },
    },
    {
      name: SLA_JOBS.refresh,
      trigger: { due: true },
      async run(job) {
        await engine.refresh(field(job.payload, "workspaceId"));
      },
    },
  ];
}
