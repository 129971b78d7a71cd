/**
 * `node scripts/tuneJoint.ts [--data DIR]`: how much of each shipped head's logits should come
 * from the joint (shared-embedding) model. Trains every part once on the train rows alone, then
 * assembles the analyzer with one head's share at 0, 0.25, 0.5, 0.75 and 1 (the others at 0) and
 * prints the validation figures (scripts/validation.ts), the same for the chosen shares together,
 * and the time each training took in CPU seconds. Nothing here reads a test row.
 */
import { featurize } from "../src/analysis/features.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import { modelsFrom } from "../src/analysis/models.ts";
import { JOINT, type JointHead } from "../src/analysis/recipes.ts";
import { dataDir, loadDataSets } from "./data.ts";
import { assemble, restrict, type TrainedModels, trainParts } from "./mix.ts";
import { plattFit, validationFigures } from "./validation.ts";

const cpu = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};
// JOINT_TRAIN='{"rank":32,"epochs":10}' tries other settings of the joint model.
Object.assign(JOINT.train, JSON.parse(process.env.JOINT_TRAIN ?? "{}"));
const sets = loadDataSets(dataDir());
const c0 = cpu();
const parts = trainParts(restrict(sets, ["train"]), true);
console.error(`trained linear + joint parts (and probes) in ${(cpu() - c0).toFixed(1)} CPU s`);

const analyzerOf = (m: TrainedModels) =>
  createAnalyzer({
    models: modelsFrom(
      "tune",
      {
        sentiment: m.sentiment,
        sentimentBrand: m.sentimentBrand,
        complaint: m.complaint.model,
        intent: m.intent,
        sarcasm: m.sarcasm.model,
      },
      { complaint: m.complaint.threshold, sarcasm: m.sarcasm.threshold },
    ),
  });
const KEYS = [
  "airline_sentiment_macroF1",
  "general_macroRecall",
  "multilingual_mean_macroF1",
  "complaint_f1",
  "private_requests_called_complaint",
  "sarcasm_f1",
  "brand_intent_dev_macroF1",
  "brand_posts_dev_intent_macroF1",
  "brand_posts_dev_sentiment_macroF1",
  "brand_posts_dev_urgency_accuracy",
];
const sarcasmVal = hashSplit(sets.sarcasm, (r) => r.text ?? "").val;
const row = (name: string, share: Record<JointHead, number>) => {
  const m = assemble(parts, share);
  const { out } = validationFigures(analyzerOf(m), sets, false);
  // The sarcasm confidence's calibration for this blend (SARCASM_CALIBRATION in sarcasm.ts).
  const margin = sarcasmVal.map((r) => {
    const p = m.sarcasm.model.probabilities(featurize(r.text ?? "").vector);
    return Math.log(p[1]! / p[0]!);
  });
  const platt = plattFit(
    margin,
    sarcasmVal.map((r) => (r.label === "sarcastic" ? 1 : 0)),
  );
  console.log(
    `${name.padEnd(16)} ${KEYS.map((k) => `${k.replace(/_macroF1|_accuracy|_macroRecall/, "")} ${out[k]}`).join("  ")}  thr ${m.complaint.threshold}/${m.sarcasm.threshold} platt ${platt.scale}/${platt.shift}`,
  );
};
const zero: Record<JointHead, number> = { sentiment: 0, complaint: 0, intent: 0, sarcasm: 0 };
row("linear only", zero);
const only = process.argv.slice(2).find((a) => !a.startsWith("--") && a !== dataDir());
for (const head of ["sentiment", "complaint", "intent", "sarcasm"] as const) {
  if (only && only !== head) continue;
  for (const s of [0.25, 0.5, 0.75, 1]) row(`${head} ${s}`, { ...zero, [head]: s });
}
row("shipped shares", JOINT.share);
