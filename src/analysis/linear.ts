/**
 * A multiclass linear model over hashed sparse features. Weights are stored feature-major
 * (w[bucket * k + class]) so one post touches contiguous memory.
 */
import type { WeightHead } from "./explain.ts";
import type { SparseVector } from "./features.ts";

export interface LinearModelJson {
  format: "parley-linear-1";
  classes: string[];
  dim: number;
  bias: number[];
  /** Per-class dequantisation factor: weight = int8 * scale[class]. */
  scale: number[];
  /** Base64 of the int8 weights, feature-major. */
  weights: string;
}

export class LinearModel {
  readonly classes: string[];
  readonly dim: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;

  /** `dim` is a power of two; features hashed into more buckets are folded into this many. */
  constructor(classes: string[], dim: number, weights?: Float32Array, bias?: Float32Array) {
    if (dim <= 0 || (dim & (dim - 1)) !== 0) throw new Error("dim must be a power of two");
    this.classes = classes;
    this.dim = dim;
    this.weights = weights ?? new Float32Array(dim * classes.length);
    this.bias = bias ?? new Float32Array(classes.length);
  }

  /** Raw class scores, written into `out` (reused to avoid allocation on the hot path). */
  logits(x: SparseVector, out = new Float64Array(this.classes.length)): Float64Array {
    const k = this.classes.length;
    const w = this.weights;
    const mask = this.dim - 1;
    for (let c = 0; c < k; c++) out[c] = this.bias[c]!;
    for (let j = 0; j < x.idx.length; j++) {
      const base = (x.idx[j]! & mask) * k;
      const v = x.val[j]!;
      for (let c = 0; c < k; c++) out[c]! += w[base + c]! * v;
    }
    return out;
  }

  probabilities(x: SparseVector): Float64Array {
    return softmaxInPlace(this.logits(x));
  }

  /** This model's weights as explanations read them. */
  head(): WeightHead {
    const k = this.classes.length;
    return { table: this.weights, width: k, offset: 0, classes: k, mask: this.dim - 1 };
  }

  toJSON(): LinearModelJson {
    const k = this.classes.length;
    const scale = new Array<number>(k).fill(0);
    for (let i = 0; i < this.weights.length; i++) {
      const c = i % k;
      scale[c] = Math.max(scale[c]!, Math.abs(this.weights[i]!));
    }
    for (let c = 0; c < k; c++) scale[c] = scale[c]! / 127 || 1;
    const q = new Int8Array(this.weights.length);
    for (let i = 0; i < q.length; i++) q[i] = Math.round(this.weights[i]! / scale[i % k]!);
    return {
      format: "parley-linear-1",
      classes: this.classes,
      dim: this.dim,
      bias: Array.from(this.bias),
      scale,
      weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString("base64"),
    };
  }

  static fromJSON(json: LinearModelJson): LinearModel {
    if (json.format !== "parley-linear-1") throw new Error(`unknown model format ${String(json.format)}`);
    const k = json.classes.length;
    const bytes = Buffer.from(json.weights, "base64");
    const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (q.length !== json.dim * k) throw new Error("model weights do not match its shape");
    const w = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) w[i] = q[i]! * json.scale[i % k]!;
    return new LinearModel(json.classes, json.dim, w, Float32Array.from(json.bias));
  }
}

export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) if (z[i]! > max) max = z[i]!;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
  return z;
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
