/**
 * Trains a LinearModel: softmax regression by stochastic gradient descent with per-weight AdaGrad
 * steps and L2 shrinkage on the weights a post touches. Deterministic for a given seed.
 */
import type { SparseVector } from "./features.ts";
import { LinearModel, softmaxInPlace } from "./linear.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weigh classes inversely to their frequency so rare labels are not drowned. */
  balanced: boolean;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 12,
  learningRate: 0.5,
  l2: 1e-6,
  balanced: false,
  seed: 7,
};

export interface Example {
  x: SparseVector;
  y: number;
}

export function trainLinear(
  examples: Example[],
  classes: string[],
  dim: number,
  options: Partial<TrainOptions> = {},
): LinearModel {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const k = classes.length;
  const model = new LinearModel(classes, dim);
  const w = model.weights;
  const g2 = new Float32Array(w.length).fill(1e-3);
  const b2 = new Float64Array(k).fill(1e-3);
  const classWeight = new Float64Array(k).fill(1);
  if (opts.balanced) {
    const counts = new Float64Array(k);
    for (const e of examples) counts[e.y]!++;
    for (let c = 0; c < k; c++) classWeight[c] = counts[c]! > 0 ? examples.length / (k * counts[c]!) : 0;
  }
  const order = examples.map((_, i) => i);
  const rand = seededRandom(opts.seed);
  const mask = dim - 1;
  const z = new Float64Array(k);
  const grad = new Float64Array(k);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const i of order) {
      const { x, y } = examples[i]!;
      softmaxInPlace(model.logits(x, z));
      for (let c = 0; c < k; c++) grad[c] = (z[c]! - (c === y ? 1 : 0)) * classWeight[y]!;
      for (let c = 0; c < k; c++) {
        b2[c]! += grad[c]! * grad[c]!;
        model.bias[c]! -= (opts.learningRate * grad[c]!) / Math.sqrt(b2[c]!);
      }
      for (let j = 0; j < x.idx.length; j++) {
        const base = (x.idx[j]! & mask) * k;
        const v = x.val[j]!;
        for (let c = 0; c < k; c++) {
          const p = base + c;
          const g = grad[c]! * v + opts.l2 * w[p]!;
          g2[p]! += g * g;
          w[p]! -= (opts.learningRate * g) / Math.sqrt(g2[p]!);
        }
      }
    }
  }
  return model;
}
