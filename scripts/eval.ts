/**
 * `npm run eval [-- --data DIR]`: trains each shipped recipe on a stratified 80 % split (seed 1) of
 * the labelled sets and reports held-out figures next to majority and lexicon baselines. Writes
 * bench/results/eval.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  complaintExamples,
  SENTIMENT_CLASSES,
  sentimentExamples,
  type TextExample,
} from "../src/analysis/corpus.ts";
import { featurize } from "../src/analysis/features.ts";
import { argmax } from "../src/analysis/linear.ts";
import { classificationMetrics } from "../src/analysis/metrics.ts";
import { topicRecipe, trainComplaint, trainSentiment } from "../src/analysis/recipes.ts";
import { stratifiedSplit } from "../src/analysis/split.ts";
import { loadBrandPosts, scoreBrandPosts, splitBrandPosts } from "./brandIntentSet.ts";
import { dataDir, loadDataSets, REPO_ROOT } from "./data.ts";
import { lexiconSentiment, relevanceCurve } from "./evalParts.ts";

const SEED = 1;
const sets = loadDataSets(dataDir());
const results: Record<string, unknown> = {};
const split = (rows: TextExample[]) => stratifiedSplit(rows, (r) => r.label, 0.2, SEED);
const majority = (train: TextExample[], test: TextExample[]) => {
  const counts = new Map<string, number>();
  for (const r of train) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  return test.filter((r) => r.label === top).length / test.length;
};
const pick = (m: ReturnType<typeof classificationMetrics>) => ({
  accuracy: +m.accuracy.toFixed(4),
  macroF1: +m.macroF1.toFixed(4),
  f1: Object.fromEntries(Object.entries(m.f1).map(([k, v]) => [k, +v.toFixed(4)])),
  confusion: m.confusion,
});

// Airline sentiment.
{
  const { train, test } = split(sentimentExamples(sets.airline));
  const model = trainSentiment(train);
  const pred = test.map((r) => SENTIMENT_CLASSES[argmax(model.probabilities(featurize(r.text).vector))]!);
  const actual = test.map((r) => r.label);
  results.airline_sentiment = {
    model: pick(classificationMetrics(SENTIMENT_CLASSES, actual, pred)),
    lexicon_baseline: pick(
      classificationMetrics(
        SENTIMENT_CLASSES,
        actual,
        test.map((r) => lexiconSentiment(r.text)),
      ),
    ),
    majority_accuracy: +majority(train, test).toFixed(4),
  };
}

// Complaint detection; plus leave-one-domain-out for generality.
{
  const all = complaintExamples(sets.complaints);
  const { train, test } = split(all);
  const { model, threshold } = trainComplaint(train);
  const predict = (t: string) => (model.probabilities(featurize(t).vector)[1]! >= threshold ? "yes" : "no");
  const m = classificationMetrics(
    ["no", "yes"],
    test.map((r) => r.label),
    test.map((r) => predict(r.text)),
  );
  const lex = classificationMetrics(
    ["no", "yes"],
    test.map((r) => r.label),
    test.map((r) => (lexiconSentiment(r.text) === "negative" ? "yes" : "no")),
  );
  const domains = [...new Set(sets.complaints.map((r) => r.domain!))].filter((d) => !d.startsWith("random"));
  const crossDomain: Record<string, number> = {};
  for (const d of domains) {
    const held = sets.complaints.filter((r) => r.domain === d);
    const rest = complaintExamples(sets.complaints.filter((r) => r.domain !== d));
    const cd = trainComplaint(rest);
    const heldEx = complaintExamples(held);
    const mm = classificationMetrics(
      ["no", "yes"],
      heldEx.map((r) => r.label),
      heldEx.map((r) =>
        cd.model.probabilities(featurize(r.text).vector)[1]! >= cd.threshold ? "yes" : "no",
      ),
    );
    crossDomain[d] = +mm.f1.yes!.toFixed(4);
  }
  results.complaint = {
    threshold,
    model: pick(m),
    f1_complaint: +m.f1.yes!.toFixed(4),
    lexicon_baseline_f1: +lex.f1.yes!.toFixed(4),
    leave_one_domain_out_f1: crossDomain,
  };
}

// Airline negative reason and banking77, each as a taxonomy trained from examples.
for (const [name, rows] of [
  [
    "airline_negative_reason",
    sets.airline
      .filter((r) => r.airline_sentiment === "negative" && r.negativereason)
      .map((r) => ({ text: r.text!, label: r.negativereason! })),
  ],
  ["banking77", sets.banking.map((r) => ({ text: r.text!, label: r.category! }))],
] as const) {
  const { train, test } = split([...rows]);
  // The same training a workspace taxonomy gets (topicRecipe), at the analyzer's table size.
  const predict = topicRecipe(train);
  const pred = test.map((r) => predict(r.text));
  const m = classificationMetrics(
    [...new Set(rows.map((r) => r.label))].sort(),
    test.map((r) => r.label),
    pred,
  );
  results[name] = {
    model: { accuracy: +m.accuracy.toFixed(4), macroF1: +m.macroF1.toFixed(4), f1: pick(m).f1 },
    majority_accuracy: +majority(train, test).toFixed(4),
  };
}

// Cross-source sentiment: the airline-trained sentiment model as a complaint detector on other brands.
{
  const model = trainSentiment(sentimentExamples(sets.airline));
  const rows = complaintExamples(
    sets.complaints.filter((r) => !r.domain?.startsWith("random") && r.domain !== "transport"),
  );
  const pred = rows.map((r) => (argmax(model.probabilities(featurize(r.text).vector)) === 0 ? "yes" : "no"));
  const m = classificationMetrics(
    ["no", "yes"],
    rows.map((r) => r.label),
    pred,
  );
  results.cross_domain_sentiment = {
    note: "airline-trained sentiment, negative taken as complaint, on non-transport brand tweets",
    f1_complaint: +m.f1.yes!.toFixed(4),
    lexicon_f1: +classificationMetrics(
      ["no", "yes"],
      rows.map((r) => r.label),
      rows.map((r) => (lexiconSentiment(r.text) === "negative" ? "yes" : "no")),
    ).f1.yes!.toFixed(4),
  };
}

results.relevance_learning_curve = relevanceCurve(sets.complaints, [50, 100, 200, 500], SEED);

// Primary intent on the project's own brand-intent set (test half; the shipped analyzer as is).
{
  const { predicted, ...figures } = scoreBrandPosts(splitBrandPosts(loadBrandPosts()).test);
  results.brand_intent_test_half = {
    note: "360 posts written and labelled by the project, 8 fictional brands; test half only, small: wide error bars",
    ...figures,
  };
}

mkdirSync(resolve(REPO_ROOT, "bench/results"), { recursive: true });
writeFileSync(resolve(REPO_ROOT, "bench/results/eval.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, (k, v) => (k === "confusion" ? undefined : v), 2));
