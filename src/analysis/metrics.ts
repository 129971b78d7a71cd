/** Classification metrics for evaluation: accuracy, per-class F1, macro-F1, confusion matrix. */
export interface ClassMetrics {
  accuracy: number;
  macroF1: number;
  f1: Record<string, number>;
  /** confusion[actual][predicted] */
  confusion: Record<string, Record<string, number>>;
}

export function classificationMetrics(
  classes: readonly string[],
  actual: readonly string[],
  predicted: readonly string[],
): ClassMetrics {
  const confusion: Record<string, Record<string, number>> = {};
  for (const a of classes) confusion[a] = Object.fromEntries(classes.map((p) => [p, 0]));
  let correct = 0;
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    if (a === p) correct++;
    const row = confusion[a];
    if (row && p in row) row[p]!++;
  });
  const f1: Record<string, number> = {};
  for (const c of classes) {
    const tp = confusion[c]![c]!;
    const fp = classes.reduce((s, a) => s + (a === c ? 0 : confusion[a]![c]!), 0);
    const fn = classes.reduce((s, p) => s + (p === c ? 0 : confusion[c]![p]!), 0);
    f1[c] = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  const macroF1 = classes.reduce((s, c) => s + f1[c]!, 0) / classes.length;
  return { accuracy: actual.length ? correct / actual.length : 0, macroF1, f1, confusion };
}
