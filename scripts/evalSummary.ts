/** The headline lines of an eval result: every figure with its interval, one per line. */

interface FigureLike {
  value: number;
  ci: [number, number];
  n: number;
}
const isFigure = (v: unknown): v is FigureLike =>
  typeof v === "object" && v !== null && "value" in v && "ci" in v && "n" in v;

/** Flattens nested results to "path  value [lo, hi] (n)" lines; plain numbers print as they are. */
export function summarise(results: Record<string, unknown>, skip = ["confusion", "f1", "curve"]): string {
  const lines: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (isFigure(v)) {
      lines.push(
        `${path.padEnd(70)} ${v.value.toFixed(3)} [${v.ci[0].toFixed(3)}, ${v.ci[1].toFixed(3)}] n=${v.n}`,
      );
    } else if (typeof v === "number") {
      lines.push(`${path.padEnd(70)} ${v}`);
    } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (!skip.includes(k) || isFigure(x)) walk(x, path ? `${path}.${k}` : k);
      }
    }
  };
  walk(results, "");
  return lines.join("\n");
}
