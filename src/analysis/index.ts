/**
 * Entry point of the analysis package. `createAnalyzer(options?)` returns the analyzer the pipeline
 * uses (synchronous; the shipped weights and eld's database load when this module is imported).
 */
export { type AnalyzerOptions, createAnalyzer } from "./analyzer.ts";
export { parseCsv } from "./csv.ts";
export { type FeatureOptions, featurize, type SparseVector } from "./features.ts";
export { LinearModel, type LinearModelJson } from "./linear.ts";
export { OnlineAdjuster, type OnlineAdjusterJson } from "./onlineAdjuster.ts";
export { findPii, luhnValid, redact } from "./pii.ts";
export { computePriority, DEFAULT_PRIORITY, type PriorityInput, type PriorityWeights } from "./priority.ts";
export { RelevanceFilter, type RelevanceFilterJson, type RelevanceStats } from "./relevance.ts";
export { STARTER_TAXONOMIES, type StarterTaxonomy, type TopicExample } from "./taxonomies/index.ts";
export { TopicModel, trainTopicModel } from "./topic.ts";
export { type AuthoredPost, countVoices, type VoiceCount } from "./voices.ts";
export { type Correction, WorkspaceLearner, type WorkspaceLearnerJson } from "./workspaceLearner.ts";
