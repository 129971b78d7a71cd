/**
 * Learning from agents. A correction of a post's intent, sentiment or topic, and every accept
 * (resolve) or discard-as-irrelevant decision, update the workspace's models: the workspace learner
 * that adjusts the shipped models, and the relevance filter of each campaign the post matched.
 * Later posts are analysed with the updated models.
 */

import {
  RelevanceFilter,
  STARTER_TAXONOMIES,
  type StarterTaxonomy,
  type TopicExample,
  WorkspaceLearner,
} from "../analysis/index.ts";
import type { Intent, SentimentLabel } from "../domain/analysis.ts";
import { newEvent } from "../domain/events.ts";
import type { PostView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import { isStarter } from "../pipeline/analysisProfile.ts";
import type { Store } from "../store/index.ts";
import type { PostForLearning } from "../store/posts.ts";
import type { Principal } from "./auth.ts";
import { postFor } from "./visibility.ts";

export interface CorrectionInput {
  intent?: Intent;
  sentiment?: SentimentLabel;
  topic?: string;
}

export interface TaxonomyView {
  starter: string | null;
  topics: string[];
  examples: number;
  starters: string[];
}

const topicsOf = (examples: readonly TopicExample[]) => [...new Set(examples.map((e) => e.label))].sort();

/** Teaches the workspace learner within a transaction; the caller refreshes the analyzers after commit. */
async function teach(
  tx: Store,
  workspaceId: string,
  post: PostForLearning,
  correction: Parameters<WorkspaceLearner["correct"]>[2],
) {
  const models = await tx.models.lockForUpdate(workspaceId);
  const learner = models.learner ? WorkspaceLearner.fromJSON(models.learner) : new WorkspaceLearner();
  learner.correct(post.text, post.analysis, correction);
  await tx.models.save(workspaceId, { learner: learner.toJSON() });
}

export function learningService(store: Store, onChange: (workspaceId: string) => void) {
  return {
    async correct(principal: Principal, postId: string, input: CorrectionInput): Promise<PostView> {
      const workspaceId = principal.workspace.id;
      if (input.intent === undefined && input.sentiment === undefined && input.topic === undefined) {
        throw new ParleyError("validation_failed", "Say what to correct: intent, sentiment or topic");
      }
      await store.transaction(async (tx) => {
        const post = await tx.posts.forLearning(workspaceId, postId);
        if (!post) throw new ParleyError("not_found", "No such post");
        if (input.topic !== undefined) {
          const models = await tx.models.get(workspaceId);
          const topics = models ? taxonomyTopics(models.taxonomyStarter, models.taxonomyExamples) : [];
          if (!topics.includes(input.topic)) {
            throw new ParleyError(
              "validation_failed",
              `"${input.topic}" is not a topic of the workspace's taxonomy`,
            );
          }
        }
        await teach(tx, workspaceId, post, input);
        // Corrections add up: a later one of another label keeps the earlier ones.
        await tx.posts.setCorrection(workspaceId, postId, {
          ...post.correction,
          ...input,
          by: { id: principal.user.id, name: principal.user.name },
          at: new Date().toISOString(),
        });
        // The trends count the corrected labels: the post moves to their buckets.
        await tx.rollups.recount(workspaceId, postId);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "post.correct",
          subjectType: "post",
          subjectId: postId,
          detail: { ...input },
        });
        await tx.events.append([newEvent("models.changed", workspaceId, { reason: "correction" })]);
      });
      onChange(workspaceId);
      const view = await store.views.post(workspaceId, postId);
      if (!view) throw new ParleyError("not_found", "No such post");
      return postFor(principal.user.role, view);
    },

    /**
     * An agent's accept (resolve) or reject (discard as irrelevant) of a work item, learnt by the
     * relevance filters of the post's campaigns and by the workspace learner. Runs inside the
     * transaction that moves the item, so the decision and what was learnt from it commit together.
     */
    async decided(tx: Store, workspaceId: string, workItemId: string, relevant: boolean): Promise<void> {
      const post = await tx.posts.ofWorkItem(workspaceId, workItemId);
      if (!post) return;
      for (const campaignId of post.campaignIds) {
        const campaign = await tx.campaigns.get(workspaceId, campaignId);
        if (!campaign) continue;
        const filter = campaign.relevanceState
          ? RelevanceFilter.fromJSON(campaign.relevanceState)
          : new RelevanceFilter();
        filter.learn(post.text, relevant);
        await tx.campaigns.setRelevance(workspaceId, campaignId, filter.toJSON());
      }
      await teach(tx, workspaceId, post, { irrelevant: !relevant });
      await tx.events.append([
        newEvent("models.changed", workspaceId, { reason: relevant ? "resolve" : "discard" }),
      ]);
    },

    async taxonomy(principal: Principal): Promise<TaxonomyView> {
      const models = await store.models.get(principal.workspace.id);
      return taxonomyView(models?.taxonomyStarter ?? null, models?.taxonomyExamples ?? []);
    },

    async setTaxonomy(
      principal: Principal,
      input: { starter: string } | { examples: TopicExample[] },
    ): Promise<TaxonomyView> {
      const workspaceId = principal.workspace.id;
      if ("starter" in input && !isStarter(input.starter)) {
        throw new ParleyError("validation_failed", `No starter taxonomy "${input.starter}"`);
      }
      if ("examples" in input && topicsOf(input.examples).length < 2) {
        throw new ParleyError("validation_failed", "A taxonomy needs examples of at least two topics");
      }
      const patch =
        "starter" in input
          ? { taxonomyStarter: input.starter, taxonomyExamples: [] }
          : { taxonomyStarter: null, taxonomyExamples: input.examples };
      await store.transaction(async (tx) => {
        await tx.models.lockForUpdate(workspaceId);
        await tx.models.save(workspaceId, patch);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "taxonomy.set",
          subjectType: "workspace",
          subjectId: workspaceId,
          detail: "starter" in input ? { starter: input.starter } : { examples: input.examples.length },
        });
        await tx.events.append([newEvent("models.changed", workspaceId, { reason: "taxonomy" })]);
      });
      onChange(workspaceId);
      return taxonomyView(patch.taxonomyStarter, patch.taxonomyExamples);
    },
  };
}

function taxonomyTopics(starter: string | null, examples: readonly TopicExample[]): string[] {
  if (examples.length > 0) return topicsOf(examples);
  return starter && isStarter(starter) ? topicsOf(STARTER_TAXONOMIES[starter as StarterTaxonomy]) : [];
}

function taxonomyView(starter: string | null, examples: readonly TopicExample[]): TaxonomyView {
  return {
    starter,
    topics: taxonomyTopics(starter, examples),
    examples:
      examples.length > 0
        ? examples.length
        : starter && isStarter(starter)
          ? STARTER_TAXONOMIES[starter].length
          : 0,
    starters: Object.keys(STARTER_TAXONOMIES),
  };
}

export type LearningService = ReturnType<typeof learningService>;
