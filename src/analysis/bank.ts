/**
 * Several linear models over the same hashed features folded into one feature-major table: each
 * bucket's row holds every model's class weights side by side, so scoring a post reads one short
 * contiguous row per feature instead of one scattered row per model. Weights are int8 with one
 * scale per column (the shipped weights are stored that way anyway): a row of a dozen classes
 * fits in one cache line and the whole table stays in cache.
 */
import type { WeightHead } from "./explain.ts";
import type { SparseVector } from "./features.ts";
import type { LinearModel } from "./linear.ts";

export interface BankHead {
  /** Column of the model's first class in a row (and in the scores). */
  offset: number;
  classes: string[];
}

export class ModelBank {
  readonly dim: number;
  /** Columns per row: the sum of the models' class counts. */
  readonly width: number;
  readonly table: Int8Array;
  readonly scale: Float32Array;
  readonly bias: Float32Array;
  private readonly heads = new Map<string, BankHead>();
  private readonly acc: Float64Array;
  /** Integer sums of the current run of equal-valued features. */
  private readonly run: Int32Array;

  /**
   * Models with fewer buckets than the largest are folded in by repeating their rows (a model of
   * 2^16 buckets reads bucket b & (2^16 - 1), which is exactly what its own lookup does).
   */
  constructor(models: Record<string, LinearModel>) {
    const list = Object.entries(models);
    this.dim = Math.max(1, ...list.map(([, m]) => m.dim));
    this.width = list.reduce((w, [, m]) => w + m.classes.length, 0);
    this.table = new Int8Array(this.dim * this.width);
    this.scale = new Float32Array(this.width);
    this.bias = new Float32Array(this.width);
    this.acc = new Float64Array(this.width);
    this.run = new Int32Array(this.width);
    let offset = 0;
    for (const [name, m] of list) {
      const k = m.classes.length;
      const w = m.weights;
      for (let c = 0; c < k; c++) {
        let max = 0;
        for (let i = c; i < w.length; i += k) max = Math.max(max, Math.abs(w[i]!));
        this.scale[offset + c] = max / 127 || 1;
      }
      const mask = m.dim - 1;
      for (let b = 0; b < this.dim; b++) {
        const src = (b & mask) * k;
        const dst = b * this.width + offset;
        for (let c = 0; c < k; c++) this.table[dst + c] = Math.round(w[src + c]! / this.scale[offset + c]!);
      }
      this.bias.set(m.bias, offset);
      this.heads.set(name, { offset, classes: m.classes });
      offset += k;
    }
  }

  head(name: string): BankHead {
    const h = this.heads.get(name);
    if (!h) throw new Error(`no model ${name} in the bank`);
    return h;
  }

  /** One model's weights as explanations read them. */
  weightHead(name: string): WeightHead {
    const h = this.head(name);
    return {
      table: this.table,
      width: this.width,
      offset: h.offset,
      classes: h.classes.length,
      mask: this.dim - 1,
      scale: this.scale.subarray(h.offset, h.offset + h.classes.length),
    };
  }

  /**
   * Every model's raw class scores at once, into `out` (length `width`). Features come in runs of
   * one value (every word feature weighs the same, every char n-gram too), so the int8 weights of
   * a run are summed as integers and multiplied once per run: integer adds instead of a float
   * multiply-add per weight, which is most of the analysis of a post.
   */
  score(x: SparseVector, out: Float64Array): Float64Array {
    const w = this.table;
    const width = this.width;
    const mask = this.dim - 1;
    const acc = this.acc;
    const run = this.run;
    acc.fill(0);
    run.fill(0);
    const idx = x.idx;
    const val = x.val;
    let v = idx.length > 0 ? val[0]! : 0;
    for (let j = 0; j < idx.length; j++) {
      const vj = val[j]!;
      if (vj !== v) {
        for (let c = 0; c < width; c++) {
          acc[c]! += run[c]! * v;
          run[c] = 0;
        }
        v = vj;
      }
      const base = (idx[j]! & mask) * width;
      for (let c = 0; c < width; c++) run[c]! += w[base + c]!;
    }
    for (let c = 0; c < width; c++) out[c] = this.bias[c]! + (acc[c]! + run[c]! * v) * this.scale[c]!;
    return out;
  }
}
