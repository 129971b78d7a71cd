/**
 * The figures the rules and blends are chosen on: validation rows of the public sets (hash split)
 * and the dev halves of the project's brand sets, never their test rows. Used by
 * scripts/tuneTriage.ts and scripts/tuneJoint.ts, with models that never saw the validation rows.
 */
import type { Row } from "../src/analysis/corpus.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import { detectLanguage } from "../src/analysis/language.ts";
import { assessUrgency } from "../src/analysis/urgency.ts";
import type { Analyzer } from "../src/domain/analysis.ts";
import { loadBrandPosts, scoreBrandPosts, splitBrandPosts } from "./brandIntentSet.ts";
import { halfOf, loadLabelledPosts, scoreLabelledPosts } from "./brandPostSet.ts";
import type { DataSets } from "./data.ts";
import { f1Of, macroF1, macroRecall } from "./evalStats.ts";

export function validationFigures(analyzer: Analyzer, sets: DataSets, crisisToo = true) {
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
  for (const lang of crisisToo ? ["en", "es", "it", "pt", "fr"] : []) {
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
  const bi = scoreBrandPosts(splitBrandPosts(loadBrandPosts()).dev, analyzer);
  put("brand_intent_dev_macroF1", bi.macroF1);
  const dev = loadLabelledPosts().filter((p) => halfOf(p) === "dev");
  const bp = scoreLabelledPosts(dev, analyzer);
  for (const k of [
    "direction_accuracy",
    "intent_macroF1",
    "sentiment_macroF1",
    "urgency_accuracy",
    "sarcasm_f1",
  ] as const) {
    put(`brand_posts_dev_${k}`, (bp[k] as { value: number }).value);
  }
  return { out, dev, bp };
}

/** Platt scaling: the scale and shift that map a margin to a probability of y = 1, by gradient descent. */
export function plattFit(x: readonly number[], y: readonly number[]): { scale: number; shift: number } {
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
  return { scale: +a.toFixed(3), shift: +b.toFixed(3) };
}
