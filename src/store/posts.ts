/** Posts as the learning services read and mark them. */

import type { Analysis } from "../domain/analysis.ts";
import type { PostCorrection } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, eq, inArray, sql } from "./orm.ts";

/** A post's new version from its source, with the triage of its new text when there is one. */
export interface PostRevision {
  platformId: string;
  text: string;
  language?: string;
  raw: unknown;
  analysis?: Analysis;
}

/** The post columns that repeat parts of its analysis, for filtering and ordering. */
function analysisColumns(analysis: Analysis) {
  return {
    analysis,
    modelVersion: analysis.modelVersion,
    direction: analysis.direction.label,
    intent: analysis.intent.label,
    sentiment: analysis.sentiment.label,
    sentimentScore: analysis.sentiment.score,
    topic: analysis.topic?.label ?? null,
    urgency: analysis.urgency.level,
    priority: analysis.priority,
    needsBrand: analysis.needsBrand,
  };
}

export interface PostForLearning {
  id: string;
  text: string;
  analysis: Analysis;
  campaignIds: string[];
  correction: PostCorrection | null;
}

const columnsOf = ({ posts }: Tables) => ({
  id: posts.id,
  text: posts.text,
  analysis: posts.analysis,
  campaignIds: posts.campaignIds,
  correction: posts.correction,
});

export function postRepository(x: Executor) {
  const { db } = x;
  const { posts, workItems, authors } = x.t;
  const columns = columnsOf(x.t);
  return {
    /** The brand's own accounts among the stored authors: a quote of their posts is a mention. */
    async brandAccounts(
      workspaceId: string,
    ): Promise<{ platform: string; platformId: string; handle: string }[]> {
      return db
        .select({ platform: authors.platform, platformId: authors.platformId, handle: authors.handle })
        .from(authors)
        .where(and(eq(authors.workspaceId, workspaceId), eq(authors.isBrand, true)));
    },
    async forLearning(workspaceId: string, postId: string): Promise<PostForLearning | null> {
      const [row] = await db
        .select(columns)
        .from(posts)
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
      return row ?? null;
    },
    /** The post a work item is about: the newest one that needs an answer. */
    async ofWorkItem(workspaceId: string, workItemId: string): Promise<PostForLearning | null> {
      const [row] = await db
        .select(columns)
        .from(workItems)
        .innerJoin(posts, eq(posts.id, workItems.latestPostId))
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, workItemId)));
      return row ?? null;
    },
    /**
     * Removes what was said in posts deleted at their source: the text becomes empty and the
     * payload goes; the row stays so threads and work items hold. Answers the posts changed, with
     * the work item each is the latest post of.
     */
    async withdraw(
      workspaceId: string,
      platform: string,
      platformIds: readonly string[],
    ): Promise<{ postId: string; platformId: string; workItemId: string | null }[]> {
      if (platformIds.length === 0) return [];
      const found = await db
        .select({
          postId: posts.id,
          platformId: posts.platformId,
          workItemId: workItems.id,
          text: posts.text,
          raw: posts.raw,
        })
        .from(posts)
        .leftJoin(workItems, eq(workItems.latestPostId, posts.id))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.platformId, [...platformIds]),
          ),
        );
      // One withdrawn already (told twice) is left as it is.
      const fresh = found
        .filter((f) => f.text !== "" || f.raw !== null)
        .map(({ postId, platformId, workItemId }) => ({ postId, platformId, workItemId }));
      if (fresh.length === 0) return [];
      await db
        .update(posts)
        .set({ text: "", raw: null })
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            inArray(
              posts.id,
              fresh.map((f) => f.postId),
            ),
          ),
        );
      return fresh;
    },
    /**
     * Takes the new version of posts their authors edited at the source: the text, language and
     * payload change, and with `analysis` (the triage of the new text) the labels and priority too;
     * an open work item the post is the latest post of takes the new priority (its own when the
     * post is its only one, else the higher of the two). Posts not stored, withdrawn ones (no
     * payload left) and ones whose text is the same are left alone. Answers the posts changed,
     * with the work item each is the latest post of.
     */
    async revise(
      workspaceId: string,
      platform: string,
      edits: readonly PostRevision[],
    ): Promise<{ postId: string; platformId: string; workItemId: string | null; reprioritised: boolean }[]> {
      if (edits.length === 0) return [];
      const latest = new Map(edits.map((e) => [e.platformId, e]));
      const found = await db
        .select({
          postId: posts.id,
          platformId: posts.platformId,
          text: posts.text,
          raw: posts.raw,
          workItemId: workItems.id,
          itemPostId: workItems.postId,
          itemState: workItems.state,
          itemPriority: workItems.priority,
        })
        .from(posts)
        .leftJoin(workItems, eq(workItems.latestPostId, posts.id))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.platformId, [...latest.keys()]),
          ),
        );
      const changed: {
        postId: string;
        platformId: string;
        workItemId: string | null;
        reprioritised: boolean;
      }[] = [];
      for (const row of found) {
        const edit = latest.get(row.platformId)!;
        if (row.raw === null || row.text === edit.text) continue;
        const analysis = edit.analysis;
        const language =
          analysis && analysis.language !== "und" ? analysis.language : (edit.language ?? undefined);
        await db
          .update(posts)
          .set({
            text: edit.text,
            raw: edit.raw,
            ...(language ? { language } : {}),
            ...(analysis ? analysisColumns(language ? { ...analysis, language } : analysis) : {}),
          })
          .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, row.postId)));
        let reprioritised = false;
        const open = row.itemState === "new" || row.itemState === "reserved";
        if (analysis && row.workItemId && open) {
          const priority =
            row.itemPostId === row.postId
              ? analysis.priority
              : Math.max(row.itemPriority ?? 0, analysis.priority);
          if (priority !== row.itemPriority) {
            await db
              .update(workItems)
              .set({ priority, updatedAt: new Date(), version: sql`${workItems.version} + 1` })
              .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, row.workItemId)));
            reprioritised = true;
          }
        }
        changed.push({
          postId: row.postId,
          platformId: row.platformId,
          workItemId: row.workItemId,
          reprioritised,
        });
      }
      return changed;
    },
    async setCorrection(workspaceId: string, postId: string, correction: PostCorrection): Promise<void> {
      await db
        .update(posts)
        .set({ correction })
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
    },
  };
}
