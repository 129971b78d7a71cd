/**
 * The survey's jobs: a resolve sets the invitation's timer, the timer invites, and every stored
 * batch of posts is read for answers to waiting invitations.
 */
import { SURVEY_JOBS, type SurveyService } from "../services/surveys.ts";
import type { JobDefinition } from "./definition.ts";

function text(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== "string") throw new Error(`The job's payload lacks ${name}`);
  return value;
}

export function surveyJobs(surveys: SurveyService): JobDefinition[] {
  return [
    {
      name: "survey.schedule",
      trigger: { event: ["work_item.moved"] },
      payload: (event) =>
        event.workspaceId &&
        event.type === "work_item.moved" &&
        event.data.to === "handled" &&
        event.data.actorUserId
          ? { workspaceId: event.workspaceId, workItemId: event.data.workItemId }
          : null,
      async run(job) {
        await surveys.scheduleInvite(text(job.payload, "workspaceId"), text(job.payload, "workItemId"));
      },
    },
    {
      name: SURVEY_JOBS.invite,
      trigger: { due: true },
      async run(job) {
        await surveys.invite(text(job.payload, "workspaceId"), text(job.payload, "workItemId"));
      },
    },
    {
      name: "survey.read_answers",
      trigger: { event: ["posts.stored"] },
      payload: (event) =>
        event.workspaceId && event.type === "posts.stored"
          ? { workspaceId: event.workspaceId, postIds: event.data.postIds }
          : null,
      async run(job) {
        const ids = job.payload.postIds;
        if (!Array.isArray(ids)) throw new Error("The job's payload lacks postIds");
        await surveys.readAnswers(
          text(job.payload, "workspaceId"),
          ids.filter((id): id is string => typeof id === "string"),
        );
      },
    },
  ];
}
