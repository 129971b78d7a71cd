/**
 * Validation figures for the rules that combine the models (intent, sentiment consistency,
 * urgency): validation rows of the public sets and the dev halves of the project's brand sets,
 * never their test rows. Run it with weights from `node scripts/train.ts --splits train` (models
 * that never saw the validation rows), then retrain. `node scripts/tuneTriage.ts [calibrate]
 * [--data DIR]`; `ERRORS=brand` prints the brand-post dev half's errors; INTENT='{…}' and
 * SENT='{…}' try other weights.
 */

import { SENTIMENT_FROM_INTENT } from "../src/analysis/analyzer.ts";
import { featurize } from "../src/analysis/features.ts";
import { hashSplit } from "../src/analysis/hashSplit.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import { INTENT_WEIGHTS } from "../src/analysis/intent.ts";
import { shippedModels } from "../src/analysis/models.ts";
import { dataDir, loadDataSets } from "./data.ts";
import { plattFit, validationFigures } from "./validation.ts";

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
  console.log(JSON.stringify(plattFit(x, y)));
  process.exit(0);
}
const { out, dev, bp } = validationFigures(createAnalyzer(), sets);
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
