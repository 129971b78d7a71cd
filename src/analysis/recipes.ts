/**
 * How each shipped model is trained from examples. Shared by `npm run train` (all data) and
 * `npm run eval` (training split only), so the figures describe the shipped recipe.
 */
import { INTENTS } from "../domain/analysis.ts";
import { COMPLAINT_CLASSES, SENTIMENT_CLASSES, type TextExample } from "./corpus.ts";
import { DEFAULT_FEATURES, featurize } from "./features.ts";
import type { LinearModel } from "./linear.ts";
import { stratifiedSplit } from "./split.ts";
import { type Example, type TrainOptions, trainLinear } from "./trainLinear.ts";

export const SENTIMENT_DIM = 1 << 18;
export const COMPLAINT_DIM = 1 << 18;
export const INTENT_DIM = 1 << 16;

const SENTIMENT_TRAIN: Partial<TrainOptions> = { epochs: 10, learningRate: 0.2 };
const COMPLAINT_TRAIN: Partial<TrainOptions> = { epochs: 8 };
const INTENT_TRAIN: Partial<TrainOptions> = { epochs: 10, balanced: true };

export function toExamples(rows: readonly TextExample[], classes: readonly string[]): Example[] {
  return rows.map((r) => ({ x: featurize(r.text, DEFAULT_FEATURES).vector, y: classes.indexOf(r.label) }));
}

export function trainSentiment(rows: readonly TextExample[]): LinearModel {
  return trainLinear(toExamples(rows, SENTIMENT_CLASSES), SENTIMENT_CLASSES, SENTIMENT_DIM, SENTIMENT_TRAIN);
}

export function trainIntent(rows: readonly TextExample[]): LinearModel {
  return trainLinear(toExamples(rows, INTENTS), [...INTENTS], INTENT_DIM, INTENT_TRAIN);
}

/**
 * Trains the complaint detector and picks its decision threshold on an inner validation split of
 * the training rows (never on evaluation data), maximising F1 of "complaint".
 */
export function trainComplaint(rows: readonly TextExample[]): { model: LinearModel; threshold: number } {
  const { train, test } = stratifiedSplit(rows, (r) => r.label, 0.2, 3);
  const probe = trainLinear(
    toExamples(train, COMPLAINT_CLASSES),
    COMPLAINT_CLASSES,
    COMPLAINT_DIM,
    COMPLAINT_TRAIN,
  );
  const scored = toExamples(test, COMPLAINT_CLASSES).map((e) => ({
    p: probe.probabilities(e.x)[1]!,
    y: e.y,
  }));
  let threshold = 0.5;
  let bestF1 = -1;
  for (let t = 0.25; t <= 0.651; t += 0.05) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of scored) {
      if (s.p >= t && s.y === 1) tp++;
      else if (s.p >= t) fp++;
      else if (s.y === 1) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn || 1);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      threshold = Math.round(t * 100) / 100;
    }
  }
  const model = trainLinear(
    toExamples(rows, COMPLAINT_CLASSES),
    COMPLAINT_CLASSES,
    COMPLAINT_DIM,
    COMPLAINT_TRAIN,
  );
  return { model, threshold };
}
