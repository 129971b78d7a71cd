/**
 * `npm run eval [-- --data DIR]`: held-out figures for every label on the test rows of every
 * public set (chosen by a hash of the text; the shipped models were trained on the other rows),
 * with 95 % bootstrap intervals and calibration error, then the cross-domain tables and the
 * project's own brand sets (test halves). Writes bench/results/eval.json and prints a summary.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createAnalyzer } from "../src/analysis/index.ts";
import { loadBrandPosts, scoreBrandPosts, splitBrandPosts } from "./brandIntentSet.ts";
import { halfOf, loadLabelledPosts, scoreLabelledPosts } from "./brandPostSet.ts";
import { dataDir, loadDataSets, REPO_ROOT } from "./data.ts";
import { complaintCrossDomain, sentimentCrossDomain } from "./evalCross.ts";
import { linkTask } from "./evalLinks.ts";
import { relevanceCurve } from "./evalParts.ts";
import { sourceTable } from "./evalSources.ts";
import { summarise } from "./evalSummary.ts";
import {
  complaintTasks,
  crisisTask,
  sentimentTasks,
  spamAndSarcasmTasks,
  taxonomyTasks,
} from "./evalTasks.ts";

const sets = loadDataSets(dataDir());
const analyzer = createAnalyzer();
const only = process.env.EVAL_ONLY?.split(",");
const want = (k: string) => !only || only.includes(k);
const results: Record<string, unknown> = { model_version: analyzer.version };
const time = (name: string, f: () => unknown) => {
  if (!want(name)) return;
  const t0 = performance.now();
  Object.assign(results, f());
  console.error(`${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
};

time("sentiment", () => sentimentTasks(analyzer, sets));
time("complaint", () => complaintTasks(analyzer, sets));
time("spam_sarcasm", () => spamAndSarcasmTasks(analyzer, sets));
time("crisis", () => ({ crisis_urgency: crisisTask(sets) }));
time("taxonomy", () => taxonomyTasks(sets));
time("brand", () => {
  const { predicted, confusion, ...figures } = scoreBrandPosts(splitBrandPosts(loadBrandPosts()).test);
  const { analyses, ...posts } = scoreLabelledPosts(loadLabelledPosts().filter((p) => halfOf(p) === "test"));
  const { analyses: _fresh, ...fresh } = scoreLabelledPosts(loadLabelledPosts("brandPostsFresh"));
  const { analyses: _held, ...heldOut } = scoreLabelledPosts(loadLabelledPosts("brandPostsHeldOut"));
  return {
    brand_intent_test_half: figures,
    brand_posts_test_half: posts,
    brand_posts_fresh: fresh,
    brand_posts_held_out: heldOut,
  };
});
time("links", linkTask);
time("cross", () => ({
  cross_domain_sentiment: sentimentCrossDomain(sets),
  cross_domain_complaint: complaintCrossDomain(sets),
}));
time("sources", () => sourceTable(sets, dataDir()));
time("relevance", () => ({
  relevance_learning_curve: relevanceCurve(sets.complaints, [50, 100, 200, 500], 1),
}));

mkdirSync(resolve(REPO_ROOT, "bench/results"), { recursive: true });
const file = only ? "eval.partial.tmp" : "eval.json";
writeFileSync(resolve(REPO_ROOT, "bench/results", file), `${JSON.stringify(results, null, 2)}\n`);
console.log(summarise(results));
