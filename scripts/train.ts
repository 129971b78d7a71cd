/**
 * `npm run train [-- --data DIR]`: trains the shipped sentiment, complaint, intent and sarcasm
 * models on the train and validation rows of the labelled public sets (the test rows, chosen by a
 * hash of the text, stay out so `npm run eval` can report on them) and writes the weights to
 * src/analysis/weights/. `--splits train` trains on the train rows alone, so that rule settings can be
 * chosen on the validation rows with models that never saw them (scripts/tuneTriage.ts); such
 * weights are for tuning only and are not shipped.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { dataDir, loadDataSets, REPO_ROOT } from "./data.ts";
import { restrict, trainAll } from "./mix.ts";

const VERSION = process.argv.includes("--splits") ? "lin-5-train-only" : "lin-5";

function write(name: string, body: unknown): void {
  const file = resolve(REPO_ROOT, "src/analysis/weights", name);
  writeFileSync(file, JSON.stringify(body));
  console.log(`wrote ${file}`);
}

const t0 = performance.now();
const trainOnly =
  process.argv.includes("--splits") && process.argv[process.argv.indexOf("--splits") + 1] === "train";
const m = trainAll(restrict(loadDataSets(dataDir()), trainOnly ? ["train"] : ["train", "val"]));
write("sentiment.json", { version: VERSION, model: m.sentiment.toJSON() });
write("sentiment-brand.json", { version: VERSION, model: m.sentimentBrand.toJSON() });
write("complaint.json", {
  version: VERSION,
  threshold: m.complaint.threshold,
  model: m.complaint.model.toJSON(),
});
write("intent.json", { version: VERSION, model: m.intent.toJSON() });
write("sarcasm.json", { version: VERSION, threshold: m.sarcasm.threshold, model: m.sarcasm.model.toJSON() });
console.log(
  `trained in ${((performance.now() - t0) / 1000).toFixed(1)} s; thresholds complaint ${m.complaint.threshold}, sarcasm ${m.sarcasm.threshold}`,
);
