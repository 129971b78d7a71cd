/**
 * `node scripts/tune.ts [-- --data DIR]`: compares feature and training settings on a validation
 * split carved out of the evaluation's training portion (seed 1 outer split, seed 2 inner split),
 * so choices are never made on the held-out test rows that `npm run eval` reports.
 */
import { complaintExamples, sentimentExamples, type TextExample } from "../src/analysis/corpus.ts";
import { DEFAULT_FEATURES } from "../src/analysis/features.ts";
import { classificationMetrics } from "../src/analysis/metrics.ts";
import { overrideSettings, RECIPES, type Recipe, topicRecipe } from "../src/analysis/recipes.ts";
import { stratifiedSplit } from "../src/analysis/split.ts";
import { dataDir, loadDataSets } from "./data.ts";

overrideSettings(process.env.TUNE);
// FEATURES='{"charMin":2}' tries other feature settings without editing the defaults.
Object.assign(DEFAULT_FEATURES, JSON.parse(process.env.FEATURES ?? "{}"));
const sets = loadDataSets(dataDir());
// SPLITS=3 averages over three validation splits (seeds 2, 3, 4): one split of a few hundred
// posts moves by a point or two from chance alone, as much as most settings change.
const SPLITS = Number(process.env.SPLITS ?? 1);
const split = (rows: TextExample[], seed: number) => {
  const outer = stratifiedSplit(rows, (r) => r.label, 0.2, 1).train;
  return stratifiedSplit(outer, (r) => r.label, 0.2, seed);
};

function score(name: string, recipe: Recipe, rows: TextExample[], metric: "macroF1" | "f1yes" | "accuracy") {
  const t0 = performance.now();
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  const values: number[] = [];
  for (let seed = 2; seed < 2 + SPLITS; seed++) {
    const { train, test } = split(rows, seed);
    const predict = recipe(train);
    const m = classificationMetrics(
      classes,
      test.map((r) => r.label),
      test.map((r) => predict(r.text)),
    );
    values.push(100 * (metric === "f1yes" ? m.f1.yes! : m[metric]));
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const each = values.length > 1 ? ` [${values.map((v) => v.toFixed(1)).join(" ")}]` : "";
  console.log(
    `${name.padEnd(22)} ${metric} ${mean.toFixed(1)}${each}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}

const only = process.argv.slice(2).find((a) => !a.startsWith("--") && a !== dataDir());
const tasks: Record<string, () => void> = {
  sentiment: () => score("sentiment", RECIPES.sentiment, sentimentExamples(sets.airline), "macroF1"),
  complaint: () => score("complaint", RECIPES.complaint, complaintExamples(sets.complaints), "f1yes"),
  reason: () =>
    score(
      "negative reason",
      topicRecipe,
      sets.airline
        .filter((r) => r.airline_sentiment === "negative" && r.negativereason)
        .map((r) => ({ text: r.text!, label: r.negativereason! })),
      "accuracy",
    ),
  banking: () =>
    score(
      "banking77",
      topicRecipe,
      sets.banking.map((r) => ({ text: r.text!, label: r.category! })),
      "accuracy",
    ),
};
for (const [k, run] of Object.entries(tasks)) if (!only || only === k) run();
