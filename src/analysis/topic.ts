/**
 * Topic models trained from a taxonomy of example posts. Small taxonomies train in milliseconds,
 * so a workspace's edited taxonomy is retrained on the spot.
 */
import type { WeightHead } from "./explain.ts";
import { explainLabel } from "./explainLabel.ts";
import { DEFAULT_FEATURES, type Featurized, featurize } from "./features.ts";
import { argmax, LinearModel, type LinearModelJson, softmaxInPlace } from "./linear.ts";
import { blendNaiveBayes } from "./naiveBayes.ts";
import type { TopicExample } from "./taxonomies/types.ts";
import { type TrainOptions, trainLinear } from "./trainLinear.ts";

/** Topic models fold features into fewer buckets: taxonomies can have a hundred labels. */
export const TOPIC_DIM = 1 << 16;

export interface TopicResult {
  label: string | null;
  confidence: number;
  explanation: string;
}

export class TopicModel {
  readonly model: LinearModel;
  /** Below this probability the post fits no topic and gets label null. */
  readonly minConfidence: number;

  constructor(model: LinearModel, minConfidence?: number) {
    this.model = model;
    this.minConfidence = minConfidence ?? Math.min(0.5, 2 / model.classes.length);
  }

  get labels(): string[] {
    return this.model.classes;
  }

  classify(f: Featurized, adjust?: (logits: Float64Array) => void): TopicResult {
    return this.decide(this.model.logits(f.vector), f, this.model.head(), adjust);
  }

  /** The topic from logits already computed (the analyzer scores topics in its shared table). */
  decide(
    z: Float64Array,
    f: Featurized,
    head: WeightHead,
    adjust?: (logits: Float64Array) => void,
  ): TopicResult {
    adjust?.(z);
    const p = softmaxInPlace(z);
    const best = argmax(p);
    const confidence = p[best]!;
    const label = this.model.classes[best]!;
    if (confidence < this.minConfidence) {
      return {
        label: null,
        confidence: 1 - confidence,
        explanation: `no topic fits (best "${label}" at ${confidence.toFixed(2)})`,
      };
    }
    return { label, confidence, explanation: explainLabel(f, head, best, label) };
  }

  toJSON(): { model: LinearModelJson; minConfidence: number } {
    return { model: this.model.toJSON(), minConfidence: this.minConfidence };
  }

  static fromJSON(json: { model: LinearModelJson; minConfidence: number }): TopicModel {
    return new TopicModel(LinearModel.fromJSON(json.model), json.minConfidence);
  }
}

export function trainTopicModel(
  examples: readonly TopicExample[],
  options: Partial<TrainOptions> & { dim?: number; minConfidence?: number; nb?: number } = {},
): TopicModel {
  const labels = [...new Set(examples.map((e) => e.label.trim()).filter(Boolean))].sort();
  if (labels.length < 2) throw new Error("a taxonomy needs at least two labels");
  const dim = options.dim ?? TOPIC_DIM;
  const data = examples
    .filter((e) => e.label.trim())
    .map((e) => ({ x: featurize(e.text, DEFAULT_FEATURES).vector, y: labels.indexOf(e.label.trim()) }));
  // Few examples per label need more passes; thousands need fewer.
  const epochs = options.epochs ?? (data.length < 500 ? 30 : 10);
  // Unbalanced and a gentler step than the default: more accurate on the validation split of the
  // two real taxonomies (scripts/tune.ts); starter taxonomies are balanced anyway.
  const model = trainLinear(data, labels, dim, { balanced: false, learningRate: 0.2, ...options, epochs });
  blendNaiveBayes(model, data, options.nb ?? 0);
  return new TopicModel(model, options.minConfidence);
}
