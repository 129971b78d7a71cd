/**
 * Satisfaction surveys: once an item is resolved, a timer invites its customer in the same channel
 * through the reply path (a brand reply, queued with `reply.queued`, sent by `reply.send`), when
 * `mayInvite` allows it; the customer's next post in the thread is read as the rating when it is
 * plainly one (`parseSurveyAnswer`), and otherwise goes through triage like any post. Scores are
 * reported per agent, queue and period.
 */

import type { Bus } from "../bus/index.ts";
import type { ConnectorKind } from "../connectors/contract.ts";
import { connectorKind } from "../connectors/registry.ts";
import type { Clock } from "../domain/clock.ts";
import type { SurveyScoresView } from "../domain/engagementViews.ts";
import { newEvent } from "../domain/events.ts";
import { type ReplyCapability, validReplyText } from "../domain/reply.ts";
import { invitationText, mayInvite, type SurveySettings } from "../domain/survey.ts";
import { parseSurveyAnswer } from "../domain/surveyAnswer.ts";
import { type Period, summarizeScores } from "../domain/surveyScores.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { consentFor } from "./consent.ts";
import { announceWorkItem } from "./replies.ts";

type KindOf = (name: string) => ConnectorKind<Record<string, unknown>> | undefined;

const DAY = 24 * 60 * 60_000;
/** The longest span one report covers. */
const MAX_SPAN = 400 * DAY;

export const SURVEY_JOBS = { invite: "survey.invite" } as const;

export function surveyService(store: Store, bus: Bus, clock: Clock, kindOf: KindOf = connectorKind) {
  /** What the item's source can send in the post's channel, or why it cannot. */
  async function channelOf(
    workspaceId: string,
    sourceId: string | null,
    channel: "public" | "private",
  ): Promise<{ capability: ReplyCapability } | { problem: string }> {
    if (!sourceId)
      return { problem: "The conversation was imported: Parley cannot answer it in its channel" };
    const source = await store.sources.get(sourceId);
    if (!source || source.workspaceId !== workspaceId)
      return { problem: "The conversation's source was removed" };
    if (!source.enabled) return { problem: "The conversation's source is disabled" };
    const replies = kindOf(source.kind)?.replies;
    if (!replies) return { problem: `A ${source.kind} source only listens` };
    if (!replies[channel]) {
      return { problem: `The source cannot answer ${channel === "private" ? "privately" : "publicly"}` };
    }
    return { capability: replies };
  }

  return {
    async settings(principal: Principal): Promise<SurveySettings> {
      return store.engagement.settings.get(principal.workspace.id);
    },

    async saveSettings(principal: Principal, settings: SurveySettings): Promise<SurveySettings> {
      await store.transaction(async (tx) => {
        await tx.engagement.settings.set(principal.workspace.id, settings);
        await tx.audit.record({
          workspaceId: principal.workspace.id,
          actorUserId: principal.user.id,
          action: "survey.settings",
          subjectType: "workspace",
          subjectId: principal.workspace.id,
          detail: { ...settings },
        });
      });
      return settings;
    },

    /** After a resolve: sets the invitation's timer (moved, not doubled, by a second resolve). */
    async scheduleInvite(workspaceId: string, workItemId: string): Promise<void> {
      const settings = await store.engagement.settings.get(workspaceId);
      if (!settings.enabled) return;
      await store.jobs.schedule({
        name: SURVEY_JOBS.invite,
        key: `survey:${workItemId}`,
        workspaceId,
        payload: { workspaceId, workItemId },
        runAt: new Date(clock.now() + settings.delayMs),
      });
    },

    /** The timer's work: invites the item's customer when `mayInvite` allows; the reason when it does not. */
    async invite(workspaceId: string, workItemId: string): Promise<{ invited: boolean; reason?: string }> {
      const [item, target, settings, workspace] = await Promise.all([
        store.views.workItem(workspaceId, workItemId),
        store.replies.target(workspaceId, workItemId),
        store.engagement.settings.get(workspaceId),
        store.workspaces.get(workspaceId),
      ]);
      if (!item || !target || !workspace) return { invited: false, reason: "The item is gone" };
      if (await store.engagement.surveys.forWorkItem(workspaceId, workItemId)) {
        return { invited: false, reason: "Already invited" };
      }
      const author = item.post.author;
      const how = await channelOf(workspaceId, target.sourceId, target.post.channel);
      const last = await store.engagement.surveys.lastInvitedAt(workspaceId, author.id);
      const person = { authorId: author.id };
      const channelPurpose = target.post.channel === "public" ? "publicReply" : "privateContact";
      const [survey, contact] = await Promise.all([
        consentFor(store, workspaceId, person, "survey"),
        consentFor(store, workspaceId, person, channelPurpose),
      ]);
      const consentDeclined = !survey.allowed
        ? "The customer declined surveys"
        : !contact.allowed
          ? target.post.channel === "public"
            ? "The customer declined public answers"
            : "The customer declined private contact"
          : null;
      const decision = mayInvite({
        settings,
        now: clock.now(),
        resolved: item.state === "handled",
        authorIsBrand: author.isBrand,
        channelUnavailable: "problem" in how ? how.problem : null,
        lastInvitedAt: last ? last.getTime() : null,
        consentDeclined,
      });
      if (!decision.invite) return { invited: false, reason: decision.reason };
      if ("problem" in how) return { invited: false, reason: how.problem };
      const brand = workspace.brandNames[0] ?? workspace.name;
      // The platform's rules for any reply hold for the invitation too (its length, its text).
      const text = validReplyText(invitationText(item.post.language, brand), how.capability);
      let seq: number | undefined;
      const invited = await store
        .transaction(async (tx) => {
          const reply = await tx.replies.create({
            workspaceId,
            workItemId,
            conversationId: target.conversationId,
            inReplyToPostId: target.post.id,
            authorUserId: null,
            sourceId: target.sourceId!,
            channel: target.post.channel,
            text,
          });
          const survey = await tx.engagement.surveys.create({
            workspaceId,
            workItemId,
            conversationId: target.conversationId,
            authorId: author.id,
            agentUserId: item.assignee?.id ?? null,
            queue: item.queue,
            replyId: reply.id,
            invitedAt: new Date(clock.now()),
          });
          // Another run invited first: this one's reply goes with its transaction.
          if (!survey) throw new ParleyError("conflict", "Already invited");
          const written = await tx.events.append([
            newEvent("reply.queued", workspaceId, { replyId: reply.id, workItemId }),
            newEvent("survey.invited", workspaceId, { surveyId: survey.id, workItemId, replyId: reply.id }),
          ]);
          seq = written[0]?.seq;
          return true;
        })
        .catch((err: unknown) => {
          if (err instanceof ParleyError && err.code === "conflict") return false;
          throw err;
        });
      if (!invited) return { invited: false, reason: "Already invited" };
      await announceWorkItem(store, bus, workspaceId, workItemId, seq);
      return { invited: true };
    },

    /**
     * Reads stored posts that answer a waiting invitation. A rating is recorded (and a work item the
     * answer opened or reopened is closed as handled: the answer needs nothing more); anything else
     * is left to triage.
     */
    async readAnswers(workspaceId: string, postIds: string[]): Promise<number> {
      const candidates = await store.engagement.surveys.waitingFor(workspaceId, postIds);
      let recorded = 0;
      const answered = new Set<string>();
      for (const { survey, post } of candidates) {
        if (answered.has(survey.id)) continue;
        const score = parseSurveyAnswer(post.text);
        if (score === null) continue;
        answered.add(survey.id);
        const closed = await store.transaction(async (tx) => {
          if (
            !(await tx.engagement.surveys.answer(survey.id, {
              score,
              postId: post.id,
              at: new Date(clock.now()),
            }))
          ) {
            return null;
          }
          const events = [
            newEvent("survey.answered", workspaceId, {
              surveyId: survey.id,
              workItemId: survey.workItemId ?? "",
              score,
              postId: post.id,
            }),
          ];
          // The item the answer opened, or the survey's own item the answer reopened.
          const opened =
            (await tx.engagement.openedBy(workspaceId, post.id)) ??
            (await tx.engagement.reopenedBy(workspaceId, survey.workItemId, post.id));
          if (opened) {
            const lock = await tx.workItems.lockForUpdate(workspaceId, opened);
            if (lock?.state === "new") {
              await tx.workItems.move(workspaceId, opened, { state: "handled", assigneeId: null });
              await tx.audit.record({
                workspaceId,
                actorUserId: null,
                action: "work_item.survey_answer",
                subjectType: "work_item",
                subjectId: opened,
                detail: { surveyId: survey.id, score, from: "new", to: "handled" },
              });
              events.push(
                newEvent("work_item.moved", workspaceId, {
                  workItemId: opened,
                  from: "new",
                  to: "handled",
                  actorUserId: null,
                }),
              );
            }
          }
          const written = await tx.events.append(events);
          return { opened, seq: written.at(-1)?.seq };
        });
        if (!closed) continue;
        recorded++;
        if (closed.opened) await announceWorkItem(store, bus, workspaceId, closed.opened, closed.seq);
      }
      return recorded;
    },

    async scores(
      principal: Principal,
      query: { from?: string; to?: string; period: Period },
    ): Promise<SurveyScoresView> {
      const workspaceId = principal.workspace.id;
      // By default up to and including this instant.
      const to = query.to ? new Date(query.to) : new Date(clock.now() + 1);
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY);
      if (!(from < to)) throw new ParleyError("validation_failed", "`from` must be before `to`");
      if (to.getTime() - from.getTime() > MAX_SPAN) {
        throw new ParleyError("validation_failed", "A report covers at most 400 days");
      }
      const [answers, invited, queues] = await Promise.all([
        store.engagement.surveys.answered(workspaceId, from, to),
        store.engagement.surveys.invitedCount(workspaceId, from, to),
        store.routing.queues(workspaceId),
      ]);
      const names = new Map(queues.map((q) => [q.id, q.name]));
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        period: query.period,
        invited,
        ...summarizeScores(answers, query.period, (id) => names.get(id) ?? null),
      };
    },
  };
}

export type SurveyService = ReturnType<typeof surveyService>;
