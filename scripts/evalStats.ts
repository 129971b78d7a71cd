/**
 * Figures with their uncertainty: bootstrap intervals over the test rows, macro-recall (the
 * TweetEval sentiment measure), F1 of one class, and expected calibration error.
 */
import { classificationMetrics } from "../src/analysis/metrics.ts";
import { seededRandom } from "../src/analysis/random.ts";

export type Metric = (actual: readonly string[], predicted: readonly string[]) => number;

export const macroF1 =
  (classes: readonly string[]): Metric =>
  (a, p) =>
    classificationMetrics(classes, a, p).macroF1;

export const accuracy: Metric = (a, p) => a.filter((x, i) => x === p[i]).length / (a.length || 1);

export const f1Of =
  (cls: string): Metric =>
  (a, p) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    a.forEach((x, i) => {
      if (p[i] === cls && x === cls) tp++;
      else if (p[i] === cls) fp++;
      else if (x === cls) fn++;
    });
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  };

export const macroRecall =
  (classes: readonly string[]): Metric =>
  (a, p) => {
    let sum = 0;
    for (const c of classes) {
      const rows = a.map((x, i) => [x, p[i]]).filter(([x]) => x === c);
      sum += rows.length ? rows.filter(([, y]) => y === c).length / rows.length : 0;
    }
    return sum / classes.length;
  };

export interface Figure {
  value: number;
  /** 95 % bootstrap interval (1,000 resamples of the test rows). */
  ci: [number, number];
  n: number;
}

const r4 = (x: number) => +x.toFixed(4);

/** The metric on the rows and its 95 % percentile bootstrap interval. */
export function withInterval(
  metric: Metric,
  actual: readonly string[],
  predicted: readonly string[],
  resamples = 1000,
  seed = 5,
): Figure {
  const n = actual.length;
  const rand = seededRandom(seed);
  const values: number[] = [];
  const a = new Array<string>(n);
  const p = new Array<string>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rand() * n);
      a[i] = actual[k]!;
      p[i] = predicted[k]!;
    }
    values.push(metric(a, p));
  }
  values.sort((x, y) => x - y);
  return {
    value: r4(metric(actual, predicted)),
    ci: [r4(values[Math.floor(0.025 * resamples)]!), r4(values[Math.floor(0.975 * resamples)]!)],
    n,
  };
}

/**
 * Expected calibration error of the top label's confidence: the gap between confidence and
 * accuracy, averaged over 10 equal-width bins weighted by their share of posts.
 */
export function calibrationError(confidence: readonly number[], correct: readonly boolean[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
  confidence.forEach((c, i) => {
    const b = bins[Math.min(9, Math.floor(c * 10))]!;
    b.n++;
    b.conf += c;
    b.right += correct[i] ? 1 : 0;
  });
  const total = confidence.length || 1;
  return r4(bins.reduce((s, b) => s + (b.n ? (b.n / total) * Math.abs(b.conf / b.n - b.right / b.n) : 0), 0));
}
