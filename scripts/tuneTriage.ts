/**
 * Validation figures for the rules that combine the models (intent, sentiment consistency,
 * urgency): validation rows of the public sets and the dev halves of the project's brand sets,
 * never their test rows. Run it with weights from `node scripts/train.ts --splits train` (models
 * that never saw the validation rows), then retrain. `node scripts/tuneTriage.ts [calibrate]
 * [--data DIR]`; `ERRORS=brand` prints the brand-post dev half's errors; INTENT='{…}' and
 * SENT='{…}' try other weights.
 */

import { SENTIMENT_FROM_INTENT } from "../src/analysis/analyzer.ts";
import type { Row } from "../src/analysis/corpus.ts";
import { featurize } from "../src/analysis/features.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import { INTENT_WEIGHTS } from "../src/analysis/intent.ts";
import { detectLanguage } from "../src/analysis/language.ts";
import { shippedModels } from "../src/analysis/models.ts";
import { assessUrgency } from "../src/analysis/urgency.ts";
import { loadBrandPosts, scoreBrandPosts, splitBrandPosts } from "./brandIntentSet.ts";
import { halfOf, loadLabelledPosts, scoreLabelledPosts } from "./brandPostSet.ts";
import { dataDir, loadDataSets } from "./data.ts";
import { f1Of, macroF1, macroRecall } from "./evalStats.ts";

// INTENT='{"problemFloorEnglish":0.4}' tries other weights.
Object.assign(INTENT_WEIGHTS, JSON.parse(process.env.INTENT ?? "{}"));
Object.assign(SENTIMENT_FROM_INTENT, JSON.parse(process.env.SENT ?? "{}"));
const sets = loadDataSets(dataDir());
if (process.argv[2] === "calibrate") {
  // Platt scaling of the sarcasm detector's margin on iSarcasmEval validation rows; run it with
  // weights trained by `node scripts/train.ts --splits train`, so the rows were never seen.
  const rows = hashSplit(sets.sarcasm, (r) => r.text ?? "").val;
  const m = shippedModels().models.sarcasm;
  const x = rows.map((r) => {
    const p = m.probabilities(featurize(r.text ?? "").vector);
    return Math.log(p[1]! / p[0]!);
  });
  const y = rows.map((r) => (r.label === "sarcastic" ? 1 : 0));
  let a = 1;
  let b = 0;
  for (let it = 0; it < 3000; it++) {
    let ga = 0;
    let gb = 0;
    x.forEach((xi, i) => {
      const g = 1 / (1 + Math.exp(-(a * xi + b))) - y[i]!;
      ga += g * xi;
      gb += g;
    });
    a -= (0.5 * ga) / x.length;
    b -= (0.5 * gb) / x.length;
  }
  console.log(JSON.stringify({ scale: +a.toFixed(3), shift: +b.toFixed(3) }));
  process.exit(0);
}
const analyzer = createAnalyzer();
const val = (rows: Row[]) => hashSplit(rows, (r) => r.text ?? "").val;
const SENT = ["negative", "neutral", "positive"];
const out: Record<string, number> = {};
const put = (k: string, v: number) => {
  out[k] = +v.toFixed(4);
};
const sentiment = (rows: Row[], gold: (r: Row) => string, handles: string[] = []) => {
  const pred = rows.map(
    (r) => analyzer.analyze({ text: r.text ?? "", brandHandles: handles }).sentiment.label,
  );
  return { gold: rows.map(gold), pred };
};

const air = sentiment(val(sets.airline), (r) => r.airline_sentiment!, [
  "united",
  "usairways",
  "americanair",
  "southwestair",
  "jetblue",
  "virginamerica",
]);
put("airline_sentiment_macroF1", macroF1(SENT)(air.gold, air.pred));
const gen = sentiment(val(sets.semeval), (r) => r.label!);
put("general_macroRecall", macroRecall(SENT)(gen.gold, gen.pred));
put(
  "general_neutral_called_negative",
  gen.gold.filter((g, i) => g === "neutral" && gen.pred[i] === "negative").length /
    gen.gold.filter((g) => g === "neutral").length,
);
const ml = val(sets.multilingual).filter((r) => r.lang !== "en");
const langs = [...new Set(ml.map((r) => r.lang!))];
put(
  "multilingual_mean_macroF1",
  langs.reduce((s, l) => {
    const m = sentiment(
      ml.filter((r) => r.lang === l),
      (r) => r.label!,
    );
    return s + macroF1(SENT)(m.gold, m.pred);
  }, 0) / langs.length,
);

const comp = val(sets.complaints);
const cPred = comp.map((r) =>
  analyzer.analyze({ text: r.text ?? "", brandHandles: [] }).intent.label === "complaint" ? "yes" : "no",
);
put(
  "complaint_f1",
  f1Of("yes")(
    comp.map((r) => (r.is_complaint === "1" ? "yes" : "no")),
    cPred,
  ),
);
const clinc = val(sets.clinc);
put(
  "private_requests_called_complaint",
  clinc.filter(
    (r) =>
      analyzer.analyze({ text: r.text ?? "", brandHandles: ["brand"], channel: "private" }).intent.label ===
      "complaint",
  ).length / clinc.length,
);
const sarc = val(sets.sarcasm);
put(
  "sarcasm_f1",
  f1Of("yes")(
    sarc.map((r) => (r.label === "sarcastic" ? "yes" : "no")),
    sarc.map((r) =>
      analyzer.analyze({ text: r.text ?? "", brandHandles: [] }).sarcasm?.flag ? "yes" : "no",
    ),
  ),
);
const URGENT = new Set(["Affected individuals", "Infrastructure and utilities", "Caution and advice"]);
const crisis = val(sets.crisis).filter(
  (r) => r.label === "Not related" || (r.label === "Related and informative" && URGENT.has(r.info_type!)),
);
for (const lang of ["en", "es", "it", "pt", "fr"]) {
  const rows = crisis.filter((r) => detectLanguage(r.text ?? "").language === lang);
  const pred = rows.map((r) => {
    const u = assessUrgency(r.text ?? "", { negative: 0.5, influence: 0, actionable: true }).level;
    return u === "high" || u === "critical" ? "yes" : "no";
  });
  put(
    `crisis_f1_${lang}`,
    f1Of("yes")(
      rows.map((r) => (r.label === "Not related" ? "no" : "yes")),
      pred,
    ),
  );
}
const bi = scoreBrandPosts(splitBrandPosts(loadBrandPosts()).dev);
put("brand_intent_dev_macroF1", bi.macroF1);
const dev = loadLabelledPosts().filter((p) => halfOf(p) === "dev");
const bp = scoreLabelledPosts(dev);
for (const k of [
  "direction_accuracy",
  "intent_macroF1",
  "sentiment_macroF1",
  "urgency_accuracy",
  "sarcasm_f1",
] as const) {
  put(`brand_posts_dev_${k}`, (bp[k] as { value: number }).value);
}
console.log(JSON.stringify(out, null, 1));
if (process.env.ERRORS === "brand") {
  dev.forEach((r, i) => {
    const a = bp.analyses[i]!;
    const wrong = [
      a.intent.label !== r.intent && `int ${r.intent}->${a.intent.label}`,
      a.sentiment.label !== r.sentiment && `sent ${r.sentiment}->${a.sentiment.label}`,
      a.urgency.level !== r.urgency && `urg ${r.urgency}->${a.urgency.level}`,
    ].filter(Boolean);
    if (wrong.length) console.log(`${wrong.join(" | ")}\t${r.text}`);
  });
}
