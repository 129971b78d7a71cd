/** Routing's jobs: rules on every new item, push routing, and the timers routing sets. */
import type { RoutingEngine } from "../services/routing.ts";
import { ROUTING_JOBS } from "../services/routing.ts";
import { forEachEvent, type JobDefinition } from "./definition.ts";

const CLOSED = new Set(["handled", "discarded"]);

function field(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== "string") throw new Error(`The job's payload lacks ${name}`);
  return value;
}

export function routingJobs(engine: RoutingEngine): JobDefinition[] {
  return [
    {
      // An event-started job, not part of the ingest transaction: the batch write stays one fast
      // path per dialect, and a rule that fails is retried here without failing the batch (a
      // routing already done is not done again: `routeNew` leaves an item that has a queue).
      name: "routing.route_new",
      // One job a relay round: an import opens thousands of items, and each is routed on its own.
      trigger: { event: ["work_item.opened"], batch: true },
      payload: (event) =>
        event.workspaceId && event.type === "work_item.opened"
          ? { workspaceId: event.workspaceId, workItemId: event.data.workItemId }
          : null,
      run: (job) =>
        forEachEvent(job, (p) => engine.routeNew(field(p, "workspaceId"), field(p, "workItemId"))),
    },
    {
      // A closed item moved back to new (the customer wrote again, or someone reopened it).
      name: "routing.requeue_reopened",
      trigger: { event: ["work_item.moved"] },
      payload: (event) =>
        event.workspaceId &&
        event.type === "work_item.moved" &&
        CLOSED.has(event.data.from) &&
        event.data.to === "new"
          ? { workspaceId: event.workspaceId, workItemId: event.data.workItemId }
          : null,
      async run(job) {
        await engine.requeueReopened(field(job.payload, "workspaceId"), field(job.payload, "workItemId"));
      },
    },
    {
      name: ROUTING_JOBS.dispatch,
      trigger: { due: true },
      async run(job) {
        await engine.dispatch(field(job.payload, "workspaceId"));
      },
    },
    {
      name: ROUTING_JOBS.offerExpiry,
      trigger: { due: true },
      async run(job) {
        await engine.expireOffer(field(job.payload, "workspaceId"), field(job.payload, "workItemId"));
      },
    },
    {
      name: ROUTING_JOBS.overflow,
      trigger: { due: true },
      async run(job) {
        await engine.overflow(field(job.payload, "workspaceId"), field(job.payload, "workItemId"));
      },
    },
    {
      name: ROUTING_JOBS.idleAway,
      trigger: { due: true },
      async run(job) {
        await engine.idleAway(field(job.payload, "workspaceId"), field(job.payload, "userId"));
      },
    },
  ];
}
