/**
 * A fastText-style model trained on every task at once: each hashed feature (word, bigram, char
 * n-gram, lexicon cue) has a small embedding shared by all tasks, a post is the weighted sum of its
 * features' embeddings, and each task reads that sum through its own small softmax. What one task
 * teaches the embeddings ("shipping", "refund", "🙄" lie near "late", "broken") the others read
 * too: 100,000 general and multilingual tweets shape what the complaint and intent heads see.
 *
 * There is no hidden non-linearity, so a task's logits are linear in the features: its weights
 * fold into an ordinary LinearModel (w[b][c] = Σ_r E[b][r]·H[r][c]) that the analyzer scores in its
 * shared table at no extra cost per post. Deterministic for a given seed.
 */
import type { SparseVector } from "./features.ts";
import { LinearModel, softmaxInPlace } from "./linear.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";
import type { Example } from "./trainLinear.ts";

export interface JointTask {
  examples: Example[];
  classes: readonly string[];
  /** Weigh classes inversely to their frequency within the task. */
  balanced: boolean;
}

export interface JointOptions {
  /** Embedding size shared by all tasks. */
  rank: number;
  epochs: number;
  learningRate: number;
  /** L2 shrinkage of the embedding rows and heads a post touches. */
  l2: number;
  seed: number;
}

export const DEFAULT_JOINT: JointOptions = { rank: 16, epochs: 6, learningRate: 0.1, l2: 1e-6, seed: 11 };

interface Head {
  k: number;
  /** rank × k, row-major by embedding dimension. */
  h: Float64Array;
  h2: Float64Array;
  bias: Float64Array;
  b2: Float64Array;
  classWeight: Float64Array;
}

function newHead(task: JointTask, rank: number): Head {
  const k = task.classes.length;
  const classWeight = new Float64Array(k).fill(1);
  if (task.balanced) {
    const counts = new Float64Array(k);
    for (const e of task.examples) counts[e.y]!++;
    for (let c = 0; c < k; c++) classWeight[c] = counts[c]! > 0 ? task.examples.length / (k * counts[c]!) : 0;
  }
  return {
    k,
    h: new Float64Array(rank * k),
    h2: new Float64Array(rank * k).fill(1e-3),
    bias: new Float64Array(k),
    b2: new Float64Array(k).fill(1e-3),
    classWeight,
  };
}

/** The post's embedding: the feature-weighted sum of its buckets' rows. */
function embed(x: SparseVector, e: Float32Array, rank: number, mask: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < x.idx.length; j++) {
    const base = (x.idx[j]! & mask) * rank;
    const v = x.val[j]!;
    for (let r = 0; r < rank; r++) out[r]! += e[base + r]! * v;
  }
}

/**
 * Trains one shared embedding table and a head per task over all tasks' examples shuffled
 * together (AdaGrad steps: per weight for the heads, per embedding row for the table), and
 * returns each task's folded linear model under the task's name.
 */
export function trainJoint<K extends string>(
  tasks: Record<K, JointTask>,
  dim: number,
  options: Partial<JointOptions> = {},
): Record<K, LinearModel> {
  const opts = { ...DEFAULT_JOINT, ...options };
  const { rank } = opts;
  if (dim <= 0 || (dim & (dim - 1)) !== 0) throw new Error("dim must be a power of two");
  const mask = dim - 1;
  const rand = seededRandom(opts.seed);
  const e = new Float32Array(dim * rank);
  for (let i = 0; i < e.length; i++) e[i] = (rand() - 0.5) / rank;
  const rowG2 = new Float32Array(dim).fill(1e-3);
  const names = Object.keys(tasks) as K[];
  const heads = names.map((n) => newHead(tasks[n], rank));
  const order: [number, number][] = [];
  names.forEach((n, t) => {
    tasks[n].examples.forEach((_, i) => {
      order.push([t, i]);
    });
  });
  const hv = new Float64Array(rank);
  const gh = new Float64Array(rank);
  const maxK = Math.max(1, ...heads.map((h) => h.k));
  const z = new Float64Array(maxK);
  const g = new Float64Array(maxK);
  const lr = opts.learningRate;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const [t, i] of order) {
      const head = heads[t]!;
      const { x, y } = tasks[names[t]!].examples[i]!;
      const k = head.k;
      embed(x, e, rank, mask, hv);
      const zk = z.subarray(0, k);
      for (let c = 0; c < k; c++) {
        let s = head.bias[c]!;
        for (let r = 0; r < rank; r++) s += head.h[r * k + c]! * hv[r]!;
        zk[c] = s;
      }
      softmaxInPlace(zk);
      const cw = head.classWeight[y]!;
      for (let c = 0; c < k; c++) g[c] = (zk[c]! - (c === y ? 1 : 0)) * cw;
      // Gradient reaching the embedding, with the head as it was before this step.
      for (let r = 0; r < rank; r++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += head.h[r * k + c]! * g[c]!;
        gh[r] = s;
      }
      for (let c = 0; c < k; c++) {
        head.b2[c]! += g[c]! * g[c]!;
        head.bias[c]! -= (lr * g[c]!) / Math.sqrt(head.b2[c]!);
        for (let r = 0; r < rank; r++) {
          const p = r * k + c;
          const d = g[c]! * hv[r]! + opts.l2 * head.h[p]!;
          head.h2[p]! += d * d;
          head.h[p]! -= (lr * d) / Math.sqrt(head.h2[p]!);
        }
      }
      for (let j = 0; j < x.idx.length; j++) {
        const b = x.idx[j]! & mask;
        const base = b * rank;
        const v = x.val[j]!;
        let sq = 0;
        for (let r = 0; r < rank; r++) {
          const d = gh[r]! * v + opts.l2 * e[base + r]!;
          sq += d * d;
        }
        rowG2[b]! += sq / rank;
        const step = lr / Math.sqrt(rowG2[b]!);
        for (let r = 0; r < rank; r++) e[base + r]! -= step * (gh[r]! * v + opts.l2 * e[base + r]!);
      }
    }
  }
  const out = {} as Record<K, LinearModel>;
  names.forEach((n, t) => {
    out[n] = fold(e, heads[t]!, rank, dim, tasks[n].classes);
  });
  return out;
}

function fold(
  e: Float32Array,
  head: Head,
  rank: number,
  dim: number,
  classes: readonly string[],
): LinearModel {
  const k = head.k;
  const w = new Float32Array(dim * k);
  for (let b = 0; b < dim; b++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let r = 0; r < rank; r++) s += e[b * rank + r]! * head.h[r * k + c]!;
      w[b * k + c] = s;
    }
  }
  return new LinearModel([...classes], dim, w, Float32Array.from(head.bias));
}

/**
 * The logit blend of two models over the same classes and buckets, (1 − share)·a + share·b: a
 * linear model itself, so blending costs nothing per post.
 */
export function blendLinear(a: LinearModel, b: LinearModel, share: number): LinearModel {
  if (share === 0) return a;
  if (a.dim !== b.dim || a.classes.join() !== b.classes.join()) throw new Error("models differ in shape");
  const w = new Float32Array(a.weights.length);
  for (let i = 0; i < w.length; i++) w[i] = (1 - share) * a.weights[i]! + share * b.weights[i]!;
  const bias = Float32Array.from(a.bias, (v, c) => (1 - share) * v + share * b.bias[c]!);
  return new LinearModel(a.classes, a.dim, w, bias);
}
