/** Posts as the learning services read and mark them. */

import type { Analysis } from "../domain/analysis.ts";
import type { PostCorrection } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, eq, inArray } from "./orm.ts";

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
  const { posts, workItems } = x.t;
  const columns = columnsOf(x.t);
  return {
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
        .select({ postId: posts.id, platformId: posts.platformId, workItemId: workItems.id })
        .from(posts)
        .leftJoin(workItems, eq(workItems.latestPostId, posts.id))
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            eq(posts.platform, platform),
            inArray(posts.platformId, [...platformIds]),
          ),
        );
      if (found.length === 0) return [];
      await db
        .update(posts)
        .set({ text: "", raw: null })
        .where(
          and(
            eq(posts.workspaceId, workspaceId),
            inArray(
              posts.id,
              found.map((f) => f.postId),
            ),
          ),
        );
      return found;
    },
    /**
     * Takes the new version of posts their authors edited at the source: the text, language and
     * payload change; the analysis stays as first made. Posts not stored, withdrawn ones (no
     * payload left) and ones whose text is the same are left alone. Answers the posts changed, with
     * the work item each is the latest post of.
     */
    async revise(
      workspaceId: string,
      platform: string,
      edits: readonly { platformId: string; text: string; language?: string; raw: unknown }[],
    ): Promise<{ postId: string; platformId: string; workItemId: string | null }[]> {
      if (edits.length === 0) return [];
      const latest = new Map(edits.map((e) => [e.platformId, e]));
      const found = await db
        .select({
          postId: posts.id,
          platformId: posts.platformId,
          text: posts.text,
          raw: posts.raw,
          workItemId: workItems.id,
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
      const changed: { postId: string; platformId: string; workItemId: string | null }[] = [];
      for (const row of found) {
        const edit = latest.get(row.platformId)!;
        if (row.raw === null || row.text === edit.text) continue;
        await db
          .update(posts)
          .set({ text: edit.text, raw: edit.raw, ...(edit.language ? { language: edit.language } : {}) })
          .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, row.postId)));
        changed.push({ postId: row.postId, platformId: row.platformId, workItemId: row.workItemId });
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
