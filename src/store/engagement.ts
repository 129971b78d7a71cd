/**
 * Templates, approval rules, the workspace's survey settings, trainee flags and surveys: what the
 * templates, approvals and surveys services read and write.
 */
import type { ApprovalCondition, ApprovalRule } from "../domain/approval.ts";
import { DEFAULT_SURVEY_SETTINGS, type SurveySettings } from "../domain/survey.ts";
import type { TemplateVersion } from "../domain/templates.ts";
import { type Executor, ofWorkspace, type Tables } from "./executor.ts";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt } from "./orm.ts";

export type TemplateRow = Tables["replyTemplates"]["$inferSelect"];
export type SurveyRow = Tables["surveys"]["$inferSelect"];

export function engagementRepository(x: Executor) {
  const { db } = x;
  const {
    replyTemplates,
    approvalRules,
    engagementSettings,
    surveys,
    users,
    posts,
    authors,
    campaigns,
    workItems,
  } = x.t;
  const template = (workspaceId: string, id: string) =>
    and(eq(replyTemplates.workspaceId, workspaceId), eq(replyTemplates.id, id));
  const rule = (workspaceId: string, id: string) =>
    and(eq(approvalRules.workspaceId, workspaceId), eq(approvalRules.id, id));

  return {
    templates: {
      async list(workspaceId: string): Promise<TemplateRow[]> {
        return db
          .select()
          .from(replyTemplates)
          .where(eq(replyTemplates.workspaceId, workspaceId))
          .orderBy(asc(replyTemplates.name));
      },
      async get(workspaceId: string, id: string): Promise<TemplateRow | null> {
        const [row] = await db.select().from(replyTemplates).where(template(workspaceId, id));
        return row ?? null;
      },
      async findByName(workspaceId: string, name: string): Promise<TemplateRow | null> {
        const [row] = await db
          .select()
          .from(replyTemplates)
          .where(and(eq(replyTemplates.workspaceId, workspaceId), eq(replyTemplates.name, name)));
        return row ?? null;
      },
      async create(
        workspaceId: string,
        input: { name: string; versions: TemplateVersion[] },
      ): Promise<TemplateRow> {
        const [row] = await db
          .insert(replyTemplates)
          .values({ workspaceId, ...input })
          .returning();
        return row!;
      },
      async update(
        workspaceId: string,
        id: string,
        patch: { name?: string; versions?: TemplateVersion[] },
      ): Promise<TemplateRow | null> {
        const [row] = await db
          .update(replyTemplates)
          .set({ ...patch, updatedAt: new Date() })
          .where(template(workspaceId, id))
          .returning();
        return row ?? null;
      },
      async delete(workspaceId: string, id: string): Promise<boolean> {
        const rows = await db
          .delete(replyTemplates)
          .where(template(workspaceId, id))
          .returning({ id: replyTemplates.id });
        return rows.length > 0;
      },
    },

    approvalRules: {
      async list(workspaceId: string): Promise<(ApprovalRule & { createdAt: Date })[]> {
        return db
          .select({
            id: approvalRules.id,
            name: approvalRules.name,
            enabled: approvalRules.enabled,
            conditions: approvalRules.conditions,
            createdAt: approvalRules.createdAt,
          })
          .from(approvalRules)
          .where(eq(approvalRules.workspaceId, workspaceId))
          .orderBy(asc(approvalRules.createdAt), asc(approvalRules.id));
      },
      async create(
        workspaceId: string,
        input: { name: string; enabled: boolean; conditions: ApprovalCondition[] },
      ): Promise<ApprovalRule & { createdAt: Date }> {
        const [row] = await db
          .insert(approvalRules)
          .values({ workspaceId, ...input })
          .returning();
        return row!;
      },
      async update(
        workspaceId: string,
        id: string,
        patch: { name?: string; enabled?: boolean; conditions?: ApprovalCondition[] },
      ): Promise<(ApprovalRule & { createdAt: Date }) | null> {
        const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        // Nothing to change: the rule as it is (an update with no column would be invalid SQL).
        const [row] =
          Object.keys(fields).length === 0
            ? await db.select().from(approvalRules).where(rule(workspaceId, id))
            : await db.update(approvalRules).set(fields).where(rule(workspaceId, id)).returning();
        return row ?? null;
      },
      async delete(workspaceId: string, id: string): Promise<boolean> {
        const rows = await db
          .delete(approvalRules)
          .where(rule(workspaceId, id))
          .returning({ id: approvalRules.id });
        return rows.length > 0;
      },
    },

    settings: {
      async get(workspaceId: string): Promise<SurveySettings> {
        const [row] = await db
          .select()
          .from(engagementSettings)
          .where(eq(engagementSettings.workspaceId, workspaceId));
        if (!row) return { ...DEFAULT_SURVEY_SETTINGS };
        return {
          enabled: row.surveyEnabled,
          delayMs: row.surveyDelayMs,
          cooldownDays: row.surveyCooldownDays,
        };
      },
      async set(workspaceId: string, settings: SurveySettings): Promise<void> {
        const values = {
          surveyEnabled: settings.enabled,
          surveyDelayMs: settings.delayMs,
          surveyCooldownDays: settings.cooldownDays,
        };
        await db
          .insert(engagementSettings)
          .values({ workspaceId, ...values })
          .onConflictDoUpdate({ target: engagementSettings.workspaceId, set: values });
      },
    },

    trainees: {
      async is(workspaceId: string, userId: string): Promise<boolean> {
        const [row] = await db
          .select({ trainee: users.trainee })
          .from(users)
          .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
        return row?.trainee ?? false;
      },
      async set(workspaceId: string, userId: string, trainee: boolean): Promise<boolean> {
        const rows = await db
          .update(users)
          .set({ trainee })
          .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)))
          .returning({ id: users.id });
        return rows.length > 0;
      },
      async list(workspaceId: string): Promise<string[]> {
        const rows = await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.workspaceId, workspaceId), eq(users.trainee, true)));
        return rows.map((r) => r.id);
      },
    },

    /** What approval rules look at about the post answered and its author. */
    async postFacts(
      workspaceId: string,
      postId: string,
    ): Promise<{
      followers: number | null;
      influence: number | null;
      sentiment: string;
      vip: boolean;
    } | null> {
      const [row] = await db
        .select({
          followers: authors.followers,
          handle: authors.handle,
          sentiment: posts.sentiment,
          analysis: posts.analysis,
          campaignIds: posts.campaignIds,
        })
        .from(posts)
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
      if (!row) return null;
      const handle = row.handle.replace(/^@/, "").toLowerCase();
      const lists = row.campaignIds.length
        ? await db
            .select({ vip: campaigns.vipAuthors })
            .from(campaigns)
            .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, row.campaignIds)))
        : [];
      return {
        followers: row.followers,
        influence: row.analysis?.influence?.score ?? null,
        sentiment: row.sentiment,
        vip: lists.some((c) => c.vip.some((v) => v.replace(/^@/, "").toLowerCase() === handle)),
      };
    },

    /** The open work item a post opened, if it opened one. */
    /**
     * The survey's own item when this post reopened it: resolved when the invitation went out, and
     * back to new with the post as its latest.
     */
    async reopenedBy(workspaceId: string, workItemId: string | null, postId: string): Promise<string | null> {
      if (!workItemId) return null;
      const [row] = await db
        .select({ id: workItems.id })
        .from(workItems)
        .where(
          and(
            eq(workItems.workspaceId, workspaceId),
            eq(workItems.id, workItemId),
            eq(workItems.latestPostId, postId),
            eq(workItems.state, "new"),
          ),
        );
      return row?.id ?? null;
    },
    async openedBy(workspaceId: string, postId: string): Promise<string | null> {
      const [row] = await db
        .select({ id: workItems.id })
        .from(workItems)
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.postId, postId)));
      return row?.id ?? null;
    },

    surveys: {
      /** Writes the invitation; null when the item already has one (a repeated run). */
      async create(input: {
        workspaceId: string;
        workItemId: string;
        conversationId: string;
        authorId: string;
        agentUserId: string | null;
        queue: string | null;
        replyId: string | null;
        invitedAt: Date;
      }): Promise<SurveyRow | null> {
        const [row] = await db
          .insert(surveys)
          .values({ ...input, status: "invited" })
          .onConflictDoNothing()
          .returning();
        return row ?? null;
      },
      async forWorkItem(workspaceId: string, workItemId: string): Promise<SurveyRow | null> {
        const [row] = await db
          .select()
          .from(surveys)
          .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.workItemId, workItemId)));
        return row ?? null;
      },
      async lastInvitedAt(workspaceId: string, authorId: string): Promise<Date | null> {
        const [row] = await db
          .select({ at: surveys.invitedAt })
          .from(surveys)
          .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.authorId, authorId)))
          .orderBy(desc(surveys.invitedAt))
          .limit(1);
        return row?.at ?? null;
      },
      /** The invitation in this thread still waiting for this person's answer, newest first. */
      async waiting(
        workspaceId: string,
        conversationId: string,
        authorId: string,
      ): Promise<SurveyRow | null> {
        const [row] = await db
          .select()
          .from(surveys)
          .where(
            and(
              eq(surveys.workspaceId, workspaceId),
              eq(surveys.conversationId, conversationId),
              eq(surveys.authorId, authorId),
              eq(surveys.status, "invited"),
            ),
          )
          .orderBy(desc(surveys.invitedAt))
          .limit(1);
        return row ?? null;
      },
      /**
       * Of these posts, those written in a thread where their author has an invitation waiting
       * (after it was sent), each with that invitation: one query per stored batch.
       */
      async waitingFor(
        workspaceId: string,
        postIds: string[],
      ): Promise<{ survey: SurveyRow; post: { id: string; text: string; postedAt: Date } }[]> {
        if (postIds.length === 0) return [];
        const rows = await db
          .select({ survey: surveys, postId: posts.id, text: posts.text, postedAt: posts.postedAt })
          .from(posts)
          .innerJoin(
            surveys,
            and(
              eq(surveys.conversationId, posts.conversationId),
              eq(surveys.authorId, posts.authorId),
              eq(surveys.status, "invited"),
            ),
          )
          .where(and(ofWorkspace(x, posts.workspaceId, workspaceId), inArray(posts.id, postIds)))
          .orderBy(asc(posts.postedAt), asc(posts.id));
        return rows
          .filter((r) => r.postedAt.getTime() >= r.survey.invitedAt.getTime())
          .map((r) => ({ survey: r.survey, post: { id: r.postId, text: r.text, postedAt: r.postedAt } }));
      },
      /** Records the rating; false when the survey was answered already. */
      async answer(id: string, answer: { score: number; postId: string; at: Date }): Promise<boolean> {
        const rows = await db
          .update(surveys)
          .set({
            status: "answered",
            score: answer.score,
            answerPostId: answer.postId,
            answeredAt: answer.at,
          })
          .where(and(eq(surveys.id, id), eq(surveys.status, "invited")))
          .returning({ id: surveys.id });
        return rows.length > 0;
      },
      /** Answered surveys in [from, to), with the agent's name. */
      async answered(
        workspaceId: string,
        from: Date,
        to: Date,
      ): Promise<
        {
          score: number;
          answeredAt: Date;
          agentUserId: string | null;
          agentName: string | null;
          queue: string | null;
        }[]
      > {
        const rows = await db
          .select({
            score: surveys.score,
            answeredAt: surveys.answeredAt,
            agentUserId: surveys.agentUserId,
            agentName: users.name,
            queue: surveys.queue,
          })
          .from(surveys)
          .leftJoin(users, eq(users.id, surveys.agentUserId))
          .where(
            and(
              eq(surveys.workspaceId, workspaceId),
              isNotNull(surveys.answeredAt),
              gte(surveys.answeredAt, from),
              lt(surveys.answeredAt, to),
            ),
          );
        return rows.map((r) => ({ ...r, score: r.score ?? 0, answeredAt: r.answeredAt! }));
      },
      async invitedCount(workspaceId: string, from: Date, to: Date): Promise<number> {
        const [row] = await db
          .select({ n: count() })
          .from(surveys)
          .where(
            and(
              eq(surveys.workspaceId, workspaceId),
              gte(surveys.invitedAt, from),
              lt(surveys.invitedAt, to),
            ),
          );
        return Number(row?.n ?? 0);
      },
    },
  };
}
