/**
 * Naive Bayes log-count ratios over the same hashed features, blended into a trained linear
 * model's weights. NB is itself linear in the features, so the blend is one weight table and costs
 * nothing at analysis time; on short texts NB's smoothed word evidence complements the
 * discriminative model (the idea behind NBSVM).
 */
import type { LinearModel } from "./linear.ts";
import type { Example } from "./trainLinear.ts";

/**
 * Adds `strength` times each feature's centred NB log-probability per class to `model`'s weights.
 * `alpha` is the additive smoothing of the per-class feature mass.
 */
export function blendNaiveBayes(
  model: LinearModel,
  examples: readonly Example[],
  strength: number,
  alpha = 0.5,
): void {
  if (strength === 0) return;
  const k = model.classes.length;
  const mask = model.dim - 1;
  const mass = new Float32Array(model.dim * k);
  const total = new Float64Array(k);
  for (const { x, y } of examples) {
    for (let j = 0; j < x.idx.length; j++) {
      mass[(x.idx[j]! & mask) * k + y]! += x.val[j]!;
      total[y]! += x.val[j]!;
    }
  }
  const w = model.weights;
  const logTotal = Array.from(total, (t) => Math.log(t + alpha * model.dim));
  for (let b = 0; b < model.dim; b++) {
    const base = b * k;
    let seen = false;
    for (let c = 0; c < k; c++) if (mass[base + c]! > 0) seen = true;
    // A bucket no training post touched carries no evidence either way.
    if (!seen) continue;
    let mean = 0;
    for (let c = 0; c < k; c++) {
      const lp = Math.log(mass[base + c]! + alpha) - logTotal[c]!;
      mass[base + c] = lp;
      mean += lp;
    }
    mean /= k;
    for (let c = 0; c < k; c++) w[base + c]! += strength * (mass[base + c]! - mean);
  }
}
