/**
 * `npm run train [-- --data DIR]`: trains the shipped sentiment, complaint and intent models from
 * the labelled public sets and writes their weights to src/analysis/weights/.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { complaintExamples, intentExamples, sentimentExamples } from "../src/analysis/corpus.ts";
import { trainComplaint, trainIntent, trainSentiment } from "../src/analysis/recipes.ts";
import { dataDir, loadDataSets, REPO_ROOT } from "./data.ts";

const VERSION = "lin-2";

function write(name: string, body: unknown): void {
  const file = resolve(REPO_ROOT, "src/analysis/weights", name);
  writeFileSync(file, JSON.stringify(body));
  console.log(`wrote ${file}`);
}

const t0 = performance.now();
const sets = loadDataSets(dataDir());
const sentiment = trainSentiment(sentimentExamples(sets.airline));
write("sentiment.json", { version: VERSION, model: sentiment.toJSON() });
const complaint = trainComplaint(complaintExamples(sets.complaints));
write("complaint.json", {
  version: VERSION,
  threshold: complaint.threshold,
  model: complaint.model.toJSON(),
});
const intent = trainIntent(intentExamples(sets));
write("intent.json", { version: VERSION, model: intent.toJSON() });
console.log(
  `trained in ${((performance.now() - t0) / 1000).toFixed(1)} s; complaint threshold ${complaint.threshold}`,
);
