/**
 * `node scripts/tuneWide.ts sentiment|sarcasm`: choices for the wide training mixes, made on the
 * validation rows (hash split) of each set with models trained on the train rows only; the test
 * rows `npm run eval` reports are never read here. MIX='{"airline":2}' repeats a source's rows.
 */
import type { Row } from "../src/analysis/corpus.ts";
import { sarcasmExamples, wideSentimentExamples } from "../src/analysis/corpusWide.ts";
import { featurize } from "../src/analysis/features.ts";
import { argmax } from "../src/analysis/linear.ts";
import { overrideSettings, trainSarcasm, trainSentiment } from "../src/analysis/recipes.ts";
import { dataDir, loadDataSets } from "./data.ts";
import { f1Of, macroF1 } from "./evalStats.ts";
import { restrict } from "./mix.ts";

overrideSettings(process.env.TUNE);
const mix = JSON.parse(process.env.MIX ?? "{}") as Record<string, number>;
const sets = loadDataSets(dataDir());
const train = restrict(sets, ["train"]);
const val = restrict(sets, ["val"]);
const repeat = (rows: Row[], k = 1) => Array.from({ length: k }, () => rows).flat();
const SENT = ["negative", "neutral", "positive"];

if (process.argv[2] === "sarcasm") {
  const { model, threshold } = trainSarcasm(sarcasmExamples(train));
  for (const [name, rows, yes] of [
    ["isarcasm", val.sarcasm, "sarcastic"],
    ["irony", val.irony, "irony"],
  ] as const) {
    const p = rows.map((r) => model.probabilities(featurize(r.text!).vector)[1]!);
    for (const t of [threshold, 0.3, 0.4, 0.5, 0.6, 0.7]) {
      const pred = p.map((x) => (x >= t ? "yes" : "no"));
      const gold = rows.map((r) => (r.label === yes ? "yes" : "no"));
      console.log(
        name,
        t.toFixed(2),
        "F1",
        f1Of("yes")(gold, pred).toFixed(3),
        "flagged",
        (pred.filter((x) => x === "yes").length / pred.length).toFixed(3),
      );
    }
  }
  const air = val.airline.map((r) => model.probabilities(featurize(r.text!).vector)[1]!);
  for (const t of [0.3, 0.5, 0.6, 0.7, 0.8])
    console.log("airline flagged at", t, (air.filter((x) => x >= t).length / air.length).toFixed(3));
} else if (process.argv[2] !== "blend") {
  const t0 = performance.now();
  const model = trainSentiment(
    wideSentimentExamples({
      ...train,
      airline: repeat(train.airline, mix.airline),
      semeval: repeat(train.semeval, mix.semeval),
      multilingual: repeat(train.multilingual, mix.multilingual),
    }),
  );
  const score = (rows: Row[], label: (r: Row) => string) =>
    macroF1(SENT)(
      rows.map(label),
      rows.map((r) => SENT[argmax(model.probabilities(featurize(r.text!).vector))]!),
    ).toFixed(3);
  const langs = [...new Set(val.multilingual.map((r) => r.lang!))].filter((l) => l !== "en");
  const per = langs.map(
    (l) =>
      +score(
        val.multilingual.filter((r) => r.lang === l),
        (r) => r.label!,
      ),
  );
  console.log(
    JSON.stringify({ mix, tune: process.env.TUNE }),
    "airline",
    score(val.airline, (r) => r.airline_sentiment!),
    "general",
    score(val.semeval, (r) => r.label!),
    "ml-mean",
    (per.reduce((a, b) => a + b, 0) / per.length).toFixed(3),
    `(${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}

/** `node scripts/tuneWide.ts blend`: brand (airline-only) and wide models, probabilities mixed. */
if (process.argv[2] === "blend") {
  const none = { semeval: [], multilingual: [] };
  const brand = trainSentiment(wideSentimentExamples({ ...train, ...none }));
  const wide = trainSentiment(
    wideSentimentExamples({
      ...train,
      airline: repeat(train.airline, mix.airline ?? 3),
      multilingual: repeat(train.multilingual, mix.multilingual),
    }),
  );
  for (const a of [0, 0.3, 0.5, 0.7]) {
    const predict = (t: string) => {
      const x = featurize(t).vector;
      const pb = brand.probabilities(x);
      const pw = wide.probabilities(x);
      return SENT[argmax(pw.map((p, i) => (1 - a) * p + a * pb[i]!))]!;
    };
    const score = (rows: Row[], label: (r: Row) => string) =>
      macroF1(SENT)(
        rows.map(label),
        rows.map((r) => predict(r.text!)),
      ).toFixed(3);
    const langs = [...new Set(val.multilingual.map((r) => r.lang!))].filter((l) => l !== "en");
    const per = langs.map(
      (l) =>
        +score(
          val.multilingual.filter((r) => r.lang === l),
          (r) => r.label!,
        ),
    );
    console.log(
      "blend",
      a,
      "airline",
      score(val.airline, (r) => r.airline_sentiment!),
      "general",
      score(val.semeval, (r) => r.label!),
      "ml",
      (per.reduce((x, y) => x + y, 0) / per.length).toFixed(3),
    );
  }
}
