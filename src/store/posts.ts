/** Posts as the learning services read and mark them. */

import type { Analysis } from "../domain/analysis.ts";
import type { PostCorrection } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, eq } from "./orm.ts";

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
    async setCorrection(workspaceId: string, postId: string, correction: PostCorrection): Promise<void> {
      await db
        .update(posts)
        .set({ correction })
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.id, postId)));
    },
  };
}
