/** The job that writes an incident's one answer to each of its items, in the background. */
import { INCIDENT_ANSWER_JOB, type IncidentService } from "../services/incidents.ts";
import type { JobDefinition } from "./definition.ts";

function field(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== "string") throw new Error(`The job's payload lacks ${name}`);
  return value;
}

/**
 * `incidents` is asked for when the job runs: the services are built after the job list. A
 * thousand items take a while (each reply goes through the normal path), so the lock is long; a
 * run cut short is taken up again and skips the items it already answered.
 */
export function incidentAnswerJob(incidents: () => IncidentService): JobDefinition {
  return {
    name: INCIDENT_ANSWER_JOB,
    trigger: { due: true },
    lockMs: 15 * 60_000,
    async run(job) {
      await incidents().carryOut(field(job.payload, "workspaceId"), field(job.payload, "incidentId"));
    },
  };
}
