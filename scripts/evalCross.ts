/**
 * Cross-domain table: a model trained on the train rows of one source, measured on the test rows
 * of every source. The diagonal is what an in-domain evaluation reports; the rest is what a new
 * workspace's posts look like to the model.
 */
import { complaintExamples, type Row, type TextExample } from "../src/analysis/corpus.ts";
import { complaintNegatives, wideSentimentExamples } from "../src/analysis/corpusWide.ts";
import { featurize } from "../src/analysis/features.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import type { LinearModel } from "../src/analysis/linear.ts";
import { argmax } from "../src/analysis/linear.ts";
import { JOINT, trainComplaint, trainJointHeads, trainSentiment } from "../src/analysis/recipes.ts";
import { blendLinear } from "../src/analysis/trainJoint.ts";
import type { DataSets } from "./data.ts";
import { f1Of, macroF1 } from "./evalStats.ts";
import { mixes, restrict } from "./mix.ts";

const SENT = ["negative", "neutral", "positive"];
const r4 = (x: number) => +x.toFixed(4);

export function sentimentCrossDomain(sets: DataSets) {
  const train = restrict(sets, ["train"]);
  const held = restrict(sets, ["test"]);
  const none = { airline: [], semeval: [], multilingual: [] } as unknown as Pick<DataSets, "airline">;
  const only = (s: DataSets, keys: (keyof DataSets)[]) =>
    wideSentimentExamples({ ...s, ...none, ...Object.fromEntries(keys.map((k) => [k, s[k]])) } as DataSets);
  const sources: Record<string, (s: DataSets) => TextExample[]> = {
    airline: (s) => only(s, ["airline"]),
    general: (s) => only(s, ["semeval"]),
    multilingual: (s) => only(s, ["multilingual"]),
    all: (s) => wideSentimentExamples(s),
  };
  const targets: Record<string, TextExample[]> = {
    airline: only(held, ["airline"]),
    general: only(held, ["semeval"]),
    multilingual_non_english: only(
      { ...held, multilingual: held.multilingual.filter((r) => r.lang !== "en") },
      ["multilingual"],
    ),
  };
  const score = (model: LinearModel) =>
    Object.fromEntries(
      Object.entries(targets).map(([t, rows]) => [
        t,
        r4(
          macroF1(SENT)(
            rows.map((r) => r.label),
            rows.map((r) => SENT[argmax(model.probabilities(featurize(r.text).vector))]!),
          ),
        ),
      ]),
    );
  const sourceSets: Record<string, (keyof DataSets)[]> = {
    airline: ["airline"],
    general: ["semeval"],
    multilingual: ["multilingual"],
    all: ["airline", "semeval", "multilingual"],
  };
  const table: Record<string, Record<string, number>> = {};
  const joint: Record<string, Record<string, number>> = {};
  for (const [name, source] of Object.entries(sources)) {
    const rows = source(train);
    const linear = trainSentiment(rows);
    table[`trained on ${name}`] = score(linear);
    if (JOINT.share.sentiment === 0) continue;
    // The shipped recipe: the linear model's logits blended with the joint model's sentiment head,
    // whose embeddings also learnt the complaint, intent and sarcasm rows (drawn only from the
    // sentiment sources kept here and the non-sentiment sets).
    const kept = {
      ...train,
      ...none,
      ...Object.fromEntries(sourceSets[name]!.map((k) => [k, train[k]])),
    } as DataSets;
    const heads = trainJointHeads({
      sentiment: rows,
      complaint: mixes.complaint(kept),
      intent: mixes.intent(kept),
      sarcasm: mixes.sarcasm(kept),
    });
    joint[`trained on ${name}`] = score(blendLinear(linear, heads.sentiment, JOINT.share.sentiment));
  }
  return { metric: "macro-F1", table, with_joint_blend: joint };
}

/**
 * Complaint F1 on each brand domain's test rows for a detector trained without that domain,
 * and the share of private everyday requests it calls complaints, with and without the extra
 * negatives (assistant requests, SMS, general tweets).
 */
export function complaintCrossDomain(sets: DataSets) {
  const train = restrict(sets, ["train"]);
  const held = restrict(sets, ["test"]);
  const domains = [...new Set(sets.complaints.map((r) => r.domain!))].filter((d) => !d.startsWith("random"));
  const predictor = (rows: TextExample[]) => {
    const { model, threshold } = trainComplaint(rows);
    return (t: string) => (model.probabilities(featurize(t).vector)[1]! >= threshold ? "yes" : "no");
  };
  const leaveOut: Record<string, number> = {};
  for (const d of domains) {
    const keep = (rows: Row[]) => rows.filter((r) => r.domain !== d);
    const p = predictor([...complaintExamples(keep(train.complaints)), ...complaintNegatives(train)]);
    const rows = complaintExamples(held.complaints.filter((r) => r.domain === d));
    leaveOut[d] = r4(
      f1Of("yes")(
        rows.map((r) => r.label),
        rows.map((r) => p(r.text)),
      ),
    );
  }
  const requests = hashSplit(sets.clinc, (r) => r.text ?? "").test.map((r) => r.text ?? "");
  const complaintsTest = complaintExamples(held.complaints);
  const variants: Record<string, Record<string, number>> = {};
  for (const [name, rows] of [
    ["complaint set only", complaintExamples(train.complaints)],
    ["complaint set + negatives", [...complaintExamples(train.complaints), ...complaintNegatives(train)]],
  ] as const) {
    const p = predictor([...rows]);
    variants[name] = {
      f1_complaint_test: r4(
        f1Of("yes")(
          complaintsTest.map((r) => r.label),
          complaintsTest.map((r) => p(r.text)),
        ),
      ),
      everyday_requests_called_complaint: r4(requests.filter((t) => p(t) === "yes").length / requests.length),
    };
  }
  return { leave_one_domain_out_f1: leaveOut, negatives: variants };
}
