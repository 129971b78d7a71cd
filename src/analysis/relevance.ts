/**
 * Per-campaign relevance filter that learns from agents' accept/discard decisions: online logistic
 * regression with AdaGrad steps over hashed n-grams (it outlearns naive Bayes on few decisions, see
 * docs/ANALYSIS.md). Each decision is scored before it is learnt, so the precision and recall it
 * reports are prequential: measured on posts the filter had not seen.
 */
import { DEFAULT_FEATURES, featurize, type SparseVector } from "./features.ts";

export interface RelevanceStats {
  decisions: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
}

export interface RelevanceFilterJson {
  format: "parley-relevance-1";
  threshold: number;
  bias: number;
  biasG2: number;
  weights: Record<string, [number, number]>;
  counts: [number, number, number, number];
}

export class RelevanceFilter {
  /** A post is kept when its relevance probability reaches this. */
  threshold: number;
  private bias = 0;
  private biasG2 = 1;
  private readonly weights = new Map<number, [number, number]>();
  private tp = 0;
  private fp = 0;
  private fn = 0;
  private tn = 0;
  private static readonly RATE = 0.8;

  constructor(threshold = 0.5) {
    this.threshold = threshold;
  }

  private scoreVector(x: SparseVector): number {
    let z = this.bias;
    for (let j = 0; j < x.idx.length; j++) z += (this.weights.get(x.idx[j]!)?.[0] ?? 0) * x.val[j]!;
    return 1 / (1 + Math.exp(-z));
  }

  /** Probability that the campaign's agents would accept this post. */
  score(text: string): number {
    return this.scoreVector(featurize(text, DEFAULT_FEATURES).vector);
  }

  isRelevant(text: string): boolean {
    return this.score(text) >= this.threshold;
  }

  /** Records one agent decision: scores it first (for the metrics), then learns from it. */
  learn(text: string, relevant: boolean): number {
    const x = featurize(text, DEFAULT_FEATURES).vector;
    const p = this.scoreVector(x);
    const predicted = p >= this.threshold;
    if (predicted && relevant) this.tp++;
    else if (predicted) this.fp++;
    else if (relevant) this.fn++;
    else this.tn++;
    const g = p - (relevant ? 1 : 0);
    this.biasG2 += g * g;
    this.bias -= (RelevanceFilter.RATE * g) / Math.sqrt(this.biasG2);
    for (let j = 0; j < x.idx.length; j++) {
      const b = x.idx[j]!;
      let w = this.weights.get(b);
      if (!w) {
        w = [0, 0.1];
        this.weights.set(b, w);
      }
      const gj = g * x.val[j]!;
      w[1] += gj * gj;
      w[0] -= (RelevanceFilter.RATE * gj) / Math.sqrt(w[1]);
    }
    return p;
  }

  stats(): RelevanceStats {
    const { tp, fp, fn, tn } = this;
    return {
      decisions: tp + fp + fn + tn,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: tn,
      precision: tp + fp ? tp / (tp + fp) : 0,
      recall: tp + fn ? tp / (tp + fn) : 0,
    };
  }

  toJSON(): RelevanceFilterJson {
    const weights: Record<string, [number, number]> = {};
    for (const [b, w] of this.weights)
      weights[b] = [Math.round(w[0] * 1e5) / 1e5, Math.round(w[1] * 1e4) / 1e4];
    return {
      format: "parley-relevance-1",
      threshold: this.threshold,
      bias: this.bias,
      biasG2: this.biasG2,
      weights,
      counts: [this.tp, this.fp, this.fn, this.tn],
    };
  }

  static fromJSON(json: RelevanceFilterJson): RelevanceFilter {
    if (json.format !== "parley-relevance-1") throw new Error("unknown relevance filter format");
    const f = new RelevanceFilter(json.threshold);
    f.bias = json.bias;
    f.biasG2 = json.biasG2;
    for (const [b, w] of Object.entries(json.weights)) f.weights.set(Number(b), [w[0], w[1]]);
    [f.tp, f.fp, f.fn, f.tn] = json.counts;
    return f;
  }
}
