/**
 * A workspace's analysis profile — its taxonomy and what its agents taught — and the analyzer
 * built from it. Profiles travel to the analysis worker as JSON; both sides build the same analyzer.
 */
import {
  createAnalyzer,
  type PriorityWeights,
  STARTER_TAXONOMIES,
  type StarterTaxonomy,
  type TopicExample,
  WorkspaceLearner,
  type WorkspaceLearnerJson,
} from "../analysis/index.ts";
import type { Analyzer } from "../domain/analysis.ts";

export interface AnalysisProfile {
  /** Changes whenever the profile does: `${workspaceId}:${version}`. */
  key: string;
  starter: string | null;
  examples: TopicExample[];
  learner: WorkspaceLearnerJson | null;
  priority: PriorityWeights | null;
}

export const DEFAULT_PROFILE: AnalysisProfile = {
  key: "default",
  starter: null,
  examples: [],
  learner: null,
  priority: null,
};

export const isStarter = (name: string): name is StarterTaxonomy => Object.hasOwn(STARTER_TAXONOMIES, name);

export function analyzerFor(profile: AnalysisProfile): Analyzer {
  const taxonomy =
    profile.examples.length > 0
      ? profile.examples
      : profile.starter && isStarter(profile.starter)
        ? profile.starter
        : undefined;
  return createAnalyzer({
    taxonomy,
    learner: profile.learner ? WorkspaceLearner.fromJSON(profile.learner) : undefined,
    priority: profile.priority ?? undefined,
  });
}

/** Analyzers by profile key; a workspace's older versions are dropped when a newer one is built. */
export class AnalyzerCache {
  private readonly byKey = new Map<string, Analyzer>();

  get(profile: AnalysisProfile): Analyzer {
    let analyzer = this.byKey.get(profile.key);
    if (!analyzer) {
      const workspace = profile.key.split(":")[0];
      for (const key of this.byKey.keys()) if (key.split(":")[0] === workspace) this.byKey.delete(key);
      analyzer = analyzerFor(profile);
      this.byKey.set(profile.key, analyzer);
    }
    return analyzer;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }
}
