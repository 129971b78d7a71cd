/**
 * An online correction layer over a fixed model: sparse hashed weights added to the base logits,
 * trained one agent correction at a time by a logistic-loss step. Only buckets that corrections
 * touched are stored, so the JSON stays small.
 */
import type { SparseVector } from "./features.ts";

export interface OnlineAdjusterJson {
  classes: string[];
  rate: number;
  updates: number;
  weights: Record<string, number[]>;
  bias: number[];
}

export class OnlineAdjuster {
  readonly classes: string[];
  readonly rate: number;
  updates = 0;
  private readonly weights = new Map<number, number[]>();
  private bias: number[];

  constructor(classes: string[], rate = 2.5) {
    this.classes = [...classes];
    this.rate = rate;
    this.bias = classes.map(() => 0);
  }

  private classIndex(label: string): number {
    let i = this.classes.indexOf(label);
    if (i < 0) {
      // A workspace may introduce a label the shipped model does not know (a new topic).
      this.classes.push(label);
      this.bias.push(0);
      for (const w of this.weights.values()) w.push(0);
      i = this.classes.length - 1;
    }
    return i;
  }

  /** Adds the learnt shift to logits laid out in `order` (the base model's class order). */
  apply(x: SparseVector, order: readonly string[], logits: Float64Array): void {
    if (this.updates === 0) return;
    for (let o = 0; o < order.length; o++) {
      const c = this.classes.indexOf(order[o]!);
      if (c < 0) continue;
      let s = this.bias[c]!;
      for (let j = 0; j < x.idx.length; j++) {
        const w = this.weights.get(x.idx[j]!);
        if (w) s += w[c]! * x.val[j]!;
      }
      logits[o]! += s;
    }
  }

  /**
   * One correction: pushes `label` up and the predicted classes down. `probs` are the combined
   * model's probabilities in `order`, measured before this update.
   */
  learn(x: SparseVector, order: readonly string[], probs: ArrayLike<number>, label: string): void {
    const target = this.classIndex(label);
    const grads = new Map<number, number>();
    for (let o = 0; o < order.length; o++) {
      const c = this.classIndex(order[o]!);
      grads.set(c, (probs[o] ?? 0) - (c === target ? 1 : 0));
    }
    if (!grads.has(target)) grads.set(target, -1);
    for (const [c, g] of grads) {
      this.bias[c]! -= this.rate * 0.1 * g;
      for (let j = 0; j < x.idx.length; j++) {
        const b = x.idx[j]!;
        let w = this.weights.get(b);
        if (!w) {
          w = this.classes.map(() => 0);
          this.weights.set(b, w);
        }
        w[c]! -= this.rate * g * x.val[j]!;
      }
    }
    this.updates++;
  }

  toJSON(): OnlineAdjusterJson {
    const weights: Record<string, number[]> = {};
    for (const [b, w] of this.weights) weights[b] = w.map((v) => Math.round(v * 1e4) / 1e4);
    return { classes: this.classes, rate: this.rate, updates: this.updates, weights, bias: this.bias };
  }

  static fromJSON(json: OnlineAdjusterJson): OnlineAdjuster {
    const a = new OnlineAdjuster(json.classes, json.rate);
    a.updates = json.updates;
    a.bias = [...json.bias];
    for (const [b, w] of Object.entries(json.weights)) a.weights.set(Number(b), [...w]);
    return a;
  }
}
