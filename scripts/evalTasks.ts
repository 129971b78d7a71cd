/**
 * The held-out figures of the shipped analyzer, one function per set. Each reads only the test
 * rows of its set (hash split of the text), which no shipped model was trained on.
 */
import type { Row } from "../src/analysis/corpus.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import { detectLanguage } from "../src/analysis/language.ts";
import { topicRecipe } from "../src/analysis/recipes.ts";
import { assessUrgency } from "../src/analysis/urgency.ts";
import type { Analysis, AnalysisInput, Analyzer } from "../src/domain/analysis.ts";
import type { DataSets } from "./data.ts";
import { accuracy, calibrationError, f1Of, macroF1, macroRecall, withInterval } from "./evalStats.ts";

const SENT = ["negative", "neutral", "positive"];
const test = (rows: Row[]) => hashSplit(rows, (r) => r.text ?? "").test;
const run = (analyzer: Analyzer, rows: Row[], extra: Partial<AnalysisInput> = {}) =>
  rows.map((r) => analyzer.analyze({ text: r.text ?? "", brandHandles: [], ...extra }));
const calib = (as: Analysis[], gold: string[]) =>
  calibrationError(
    as.map((a) => a.sentiment.confidence),
    as.map((a, i) => a.sentiment.label === gold[i]),
  );

/** The airlines' handles, as a workspace monitoring them would list its brands. */
const AIRLINES = ["united", "usairways", "americanair", "southwestair", "jetblue", "virginamerica"];

function sentimentFigures(
  analyzer: Analyzer,
  rows: Row[],
  label: (r: Row) => string,
  extra: Partial<AnalysisInput> = {},
) {
  const as = run(analyzer, rows, extra);
  const gold = rows.map(label);
  const pred = as.map((a) => a.sentiment.label);
  return {
    macroF1: withInterval(macroF1(SENT), gold, pred),
    macroRecall: withInterval(macroRecall(SENT), gold, pred),
    accuracy: withInterval(accuracy, gold, pred),
    calibration_error: calib(as, gold),
  };
}

export function sentimentTasks(analyzer: Analyzer, sets: DataSets) {
  const perLanguage: Record<string, unknown> = {};
  const ml = test(sets.multilingual);
  for (const lang of [...new Set(ml.map((r) => r.lang!))].sort()) {
    perLanguage[lang] = sentimentFigures(
      analyzer,
      ml.filter((r) => r.lang === lang),
      (r) => r.label!,
    );
  }
  const others = Object.entries(perLanguage).filter(([l]) => l !== "en");
  const mean =
    others.reduce((s, [, f]) => s + (f as { macroF1: { value: number } }).macroF1.value, 0) / others.length;
  return {
    airline_sentiment: sentimentFigures(analyzer, test(sets.airline), (r) => r.airline_sentiment!, {
      brandHandles: AIRLINES,
    }),
    general_tweet_sentiment: sentimentFigures(analyzer, test(sets.semeval), (r) => r.label!),
    multilingual_sentiment: { mean_macroF1_non_english: +mean.toFixed(4), per_language: perLanguage },
  };
}

/** Complaints as the product decides them: the primary intent. */
export function complaintTasks(analyzer: Analyzer, sets: DataSets) {
  const rows = test(sets.complaints);
  const as = run(analyzer, rows);
  const gold = rows.map((r) => (r.is_complaint === "1" ? "yes" : "no"));
  const pred = as.map((a) => (a.intent.label === "complaint" ? "yes" : "no"));
  const random = rows.map((r, i) => ({ r, p: pred[i] })).filter((x) => x.r.domain?.startsWith("random"));
  const tp = gold.filter((g, i) => g === "yes" && pred[i] === "yes").length;
  const clinc = test(sets.clinc);
  const privateAs = run(analyzer, clinc, { channel: "private", brandHandles: ["brand"] });
  return {
    complaint: {
      f1: withInterval(f1Of("yes"), gold, pred),
      precision: +(tp / (pred.filter((p) => p === "yes").length || 1)).toFixed(4),
      recall: +(tp / (gold.filter((g) => g === "yes").length || 1)).toFixed(4),
      random_tweets_called_complaint: +(
        random.filter((x) => x.p === "yes").length / (random.length || 1)
      ).toFixed(4),
    },
    everyday_requests_private: {
      note: "CLINC150 requests sent as private messages: share whose primary intent is complaint",
      share_called_complaint: withInterval(
        (_a, p) => p.filter((x) => x === "complaint").length / (p.length || 1),
        privateAs.map(() => ""),
        privateAs.map((a) => a.intent.label),
      ),
    },
  };
}

export function spamAndSarcasmTasks(analyzer: Analyzer, sets: DataSets) {
  const sms = test(sets.sms);
  const smsAs = run(analyzer, sms, { brandHandles: ["brand"], channel: "private" });
  const sarcasmFigure = (rows: Row[], yes: string) => {
    const as = run(analyzer, rows);
    const gold = rows.map((r) => (r.label === yes ? "yes" : "no"));
    const pred = as.map((a) => (a.sarcasm?.flag ? "yes" : "no"));
    return {
      f1: withInterval(f1Of("yes"), gold, pred),
      // The analyzer's confidence is in its decision (flagged or not), so it is compared with
      // whether that decision was right.
      calibration_error: calibrationError(
        as.map((a) => a.sarcasm?.confidence ?? 0),
        as.map((_, i) => pred[i] === gold[i]),
      ),
    };
  };
  return {
    spam: {
      note: "SMS spam and phishing sent privately: spam (either kind) against ham",
      f1: withInterval(
        f1Of("yes"),
        sms.map((r) => (r.label === "ham" ? "no" : "yes")),
        smsAs.map((a) => (a.intent.label === "spam" ? "yes" : "no")),
      ),
    },
    sarcasm_isarcasmeval: sarcasmFigure(test(sets.sarcasm), "sarcastic"),
    irony_tweeteval: sarcasmFigure(test(sets.irony), "irony"),
  };
}

const URGENT_TYPES = new Set(["Affected individuals", "Infrastructure and utilities", "Caution and advice"]);

/**
 * Crisis tweets read as if addressed to the brand: posts about injured people, damage, outages
 * and warnings should be high or critical; unrelated ones should not. Per detected language.
 */
export function crisisTask(sets: DataSets) {
  const rows = test(sets.crisis).filter(
    (r) =>
      r.label === "Not related" || (r.label === "Related and informative" && URGENT_TYPES.has(r.info_type!)),
  );
  const by: Record<string, { gold: string[]; pred: string[] }> = {};
  for (const r of rows) {
    const lang = detectLanguage(r.text ?? "").language;
    const key = ["en", "es", "it", "pt", "fr"].includes(lang) ? lang : "other";
    const u = assessUrgency(r.text ?? "", { negative: 0.5, influence: 0, actionable: true }).level;
    const g = by[key] ?? { gold: [], pred: [] };
    by[key] = g;
    g.gold.push(r.label === "Not related" ? "no" : "yes");
    g.pred.push(u === "high" || u === "critical" ? "yes" : "no");
  }
  return Object.fromEntries(
    Object.entries(by).map(([k, v]) => [
      k,
      {
        f1_urgent: withInterval(f1Of("yes"), v.gold, v.pred),
        recall_urgent: +(
          v.gold.filter((g, i) => g === "yes" && v.pred[i] === "yes").length /
          (v.gold.filter((g) => g === "yes").length || 1)
        ).toFixed(4),
        false_alarms: +(
          v.gold.filter((g, i) => g === "no" && v.pred[i] === "yes").length /
          (v.gold.filter((g) => g === "no").length || 1)
        ).toFixed(4),
      },
    ]),
  );
}

/** Taxonomies trained from the train rows of a set, as a workspace trains its own. */
export function taxonomyTasks(sets: DataSets) {
  const out: Record<string, unknown> = {};
  for (const [name, rows] of [
    [
      "airline_negative_reason",
      sets.airline
        .filter((r) => r.airline_sentiment === "negative" && r.negativereason)
        .map((r) => ({ text: r.text!, label: r.negativereason! })),
    ],
    ["banking77", sets.banking.map((r) => ({ text: r.text!, label: r.category! }))],
  ] as const) {
    const s = hashSplit(rows, (r) => r.text);
    const predict = topicRecipe([...s.train, ...s.val]);
    out[name] = {
      accuracy: withInterval(
        accuracy,
        s.test.map((r) => r.label),
        s.test.map((r) => predict(r.text)),
      ),
    };
  }
  return out;
}
