/** Posts as the learning services read and mark them. */

import type { Analysis } from "../domain/analysis.ts";
import type { PostCorrection } from "../domain/views.ts";
import { opensWorkItem } from "../domain/workItem.ts";
import { type Executor, ofWorkspace, type Tables } from "./executor.ts";
import { openWorkItems } from "./ingest.ts";
import type { IngestResult } from "./ingestPlan.ts";
import { and, eq, inArray, sql } from "./orm.ts";
import { rollupRepository } from "./rollups.ts";

/** A post's new version from its source, with the triage of its new text when there is one. */
export interface PostRevision {
  platformId: string;
  text: string;
  language?: string;
  raw: unknown;
  analysis?: Analysis;
  /** The campaigns the new text matches, with its triage. */
  campaignIds?: string[];
}

/** A post an edit changed, with the work item the edit is noted on. */
export interface RevisedPost {
  postId: string;
  platformId: string;
  workItemId: string | null;
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
     * payload change, and with `analysis` (the triage of the new text) the labels, campaigns and
     * priority too. Posts not stored, withdrawn ones (no payload left) and ones whose text is the
     * same are left alone, so an edit told twice changes things once. With a new triage:
     * - the conversation's open work item stays open whatever the new labels say, and takes the
     *   new priority (the post's own when it is the item's only post, else the higher of the two);
     * - a post that newly needs the brand (and is not the brand's) opens, joins or reopens its
     *   conversation's work item as a post arriving at `at` would;
     * - a post the rollups counted moves to the buckets of its new labels (`rollups.recount`).
     * Answers the posts changed, each with the work item it is noted on (the conversation's open
     * one, else the one it is the latest post of), and the work items the edits opened or joined.
     */
    async revise(
      workspaceId: string,
      platform: string,
      edits: readonly PostRevision[],
      at: Date,
    ): Promise<{ changed: RevisedPost[]; workItems: IngestResult["workItems"] }> {
      if (edits.length === 0) return { changed: [], workItems: [] };
      const latest = new Map(edits.map((e) => [e.platformId, e]));
      const query = db
        .select({
          postId: posts.id,
          platformId: posts.platformId,
          conversationId: posts.conversationId,
          text: posts.text,
          raw: posts.raw,
          needsBrand: posts.needsBrand,
          isBrand: authors.isBrand,
        })
        .from(posts)
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.platformId, [...latest.keys()]),
          ),
        );
      // Locked on PostgreSQL (the posts, not their authors), so the rollup job never counts a post
      // between this read and its new labels.
      const found = await (x.dialect === "postgres" ? query.for("update", { of: posts }) : query);
      const rows = found.filter((row) => row.raw !== null && row.text !== latest.get(row.platformId)!.text);
      if (rows.length === 0) return { changed: [], workItems: [] };
      const items = await db
        .select({
          id: workItems.id,
          conversationId: workItems.conversationId,
          postId: workItems.postId,
          latestPostId: workItems.latestPostId,
          state: workItems.state,
          priority: workItems.priority,
        })
        .from(workItems)
        .where(
          and(
            ofWorkspace(x, workItems.workspaceId, workspaceId),
            // The threads' items, read through their conversation's index.
            inArray(workItems.conversationId, [...new Set(rows.map((r) => r.conversationId))]),
          ),
        );
      const openIn = new Map(
        items.filter((i) => i.state === "new" || i.state === "reserved").map((i) => [i.conversationId, i]),
      );
      const latestOf = new Map(items.map((i) => [i.latestPostId, i.id]));
      const changed: RevisedPost[] = [];
      const toOpen = new Map<string, { postId: string; priority: number; at: number }>();
      const rollups = rollupRepository(x);
      for (const row of rows) {
        const edit = latest.get(row.platformId)!;
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
            ...(analysis && edit.campaignIds ? { campaignIds: edit.campaignIds } : {}),
          })
          .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, row.postId)));
        const open = openIn.get(row.conversationId);
        if (analysis && open) {
          const alone = open.postId === row.postId && open.latestPostId === row.postId;
          const priority = alone ? analysis.priority : Math.max(open.priority, analysis.priority);
          if (priority !== open.priority) {
            await db
              .update(workItems)
              .set({ priority, updatedAt: at, version: sql`${workItems.version} + 1` })
              .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, open.id)));
            open.priority = priority;
          }
        } else if (
          analysis &&
          !row.needsBrand &&
          opensWorkItem({ author: { isBrand: row.isBrand } }, analysis)
        ) {
          const prev = toOpen.get(row.conversationId);
          toOpen.set(row.conversationId, {
            postId: row.postId,
            priority: Math.max(prev?.priority ?? 0, analysis.priority),
            at: at.getTime(),
          });
        }
        if (analysis) await rollups.recount(workspaceId, row.postId);
        changed.push({
          postId: row.postId,
          platformId: row.platformId,
          workItemId: open?.id ?? latestOf.get(row.postId) ?? null,
        });
      }
      const opened = await openWorkItems(x, workspaceId, toOpen);
      if (opened.length > 0) {
        // The edit is noted on the item it opened, joined or reopened.
        const now = await db
          .select({ id: workItems.id, conversationId: workItems.conversationId })
          .from(workItems)
          .where(
            and(
              ofWorkspace(x, workItems.workspaceId, workspaceId),
              inArray(
                workItems.id,
                opened.map((w) => w.id),
              ),
            ),
          );
        const itemIn = new Map(now.map((w) => [w.conversationId, w.id]));
        const conversationOf = new Map(rows.map((r) => [r.postId, r.conversationId]));
        for (const c of changed) {
          const conversationId = conversationOf.get(c.postId)!;
          if (toOpen.has(conversationId)) c.workItemId = itemIn.get(conversationId) ?? c.workItemId;
        }
      }
      return { changed, workItems: opened };
    },
    async setCorrection(workspaceId: string, postId: string, correction: PostCorrection): Promise<void> {
      await db
        .update(posts)
        .set({ correction })
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
    },
  };
}
