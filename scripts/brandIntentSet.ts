/**
 * The brand-intent set: posts to and about eight fictional brands, written and labelled by the
 * project (scripts/brandIntents/*.csv), with the primary intent a support lead would pick. Split
 * into a dev half (errors may be read and settings chosen on it) and a test half (report only).
 *
 * `node scripts/brandIntentSet.ts [dev|test]` prints the figures and, on dev only, the errors.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCsv } from "../src/analysis/csv.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import { classificationMetrics } from "../src/analysis/metrics.ts";
import { type AnalysisInput, type Analyzer, INTENTS } from "../src/domain/analysis.ts";
import { REPO_ROOT } from "./data.ts";

export interface BrandPost {
  brand: string;
  lang: string;
  intent: string;
  text: string;
}

/** Each brand's handles and names, as a workspace would configure them. */
const BRANDS: Record<string, { handles: string[]; names: string[] }> = {
  skypine: { handles: ["skypineair", "skypinehelp"], names: ["SkyPine"] },
  nordtel: { handles: ["nordtel_care"], names: ["Nordtel"] },
  harbor: { handles: ["harborbank"], names: ["Harbor Bank"] },
  maple: { handles: ["mapleandco"], names: ["Maple & Co", "Maple and Co"] },
  cloudnote: { handles: ["cloudnoteapp"], names: ["Cloudnote"] },
  snackdash: { handles: ["snackdash"], names: ["Snackdash"] },
  voltra: { handles: ["voltraenergy"], names: ["Voltra Energy", "Voltra"] },
  quarry: { handles: ["quarrygames"], names: ["Quarry Games"] },
};

export function loadBrandPosts(): BrandPost[] {
  const dir = resolve(REPO_ROOT, "scripts/brandIntents");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .flatMap((f) => parseCsv(readFileSync(resolve(dir, f), "utf8")) as unknown as BrandPost[]);
}

/**
 * Alternate rows within each intent (file order: brand by brand) go to dev and test, so both
 * halves hold every intent and every brand. Fixed, not random: the halves never change.
 */
export function splitBrandPosts(rows: BrandPost[]): { dev: BrandPost[]; test: BrandPost[] } {
  const seen = new Map<string, number>();
  const dev: BrandPost[] = [];
  const test: BrandPost[] = [];
  for (const r of rows) {
    const k = seen.get(r.intent) ?? 0;
    seen.set(r.intent, k + 1);
    (k % 2 === 0 ? dev : test).push(r);
  }
  return { dev, test };
}

export const toInput = (r: BrandPost): AnalysisInput => ({
  text: r.text,
  brandHandles: BRANDS[r.brand]!.handles,
  brandNames: BRANDS[r.brand]!.names,
});

export function scoreBrandPosts(rows: BrandPost[], analyzer: Analyzer = createAnalyzer()) {
  const predicted = rows.map((r) => analyzer.analyze(toInput(r)).intent.label);
  const m = classificationMetrics(
    INTENTS,
    rows.map((r) => r.intent),
    predicted,
  );
  const nonEnglish = rows.map((r, i) => ({ r, p: predicted[i] })).filter((x) => x.r.lang !== "en");
  return {
    posts: rows.length,
    accuracy: +m.accuracy.toFixed(4),
    macroF1: +m.macroF1.toFixed(4),
    f1: Object.fromEntries(Object.entries(m.f1).map(([k, v]) => [k, +v.toFixed(4)])),
    accuracy_non_english: +(
      nonEnglish.filter((x) => x.p === x.r.intent).length / (nonEnglish.length || 1)
    ).toFixed(4),
    confusion: m.confusion,
    predicted,
  };
}

if (import.meta.main) {
  const half = process.argv[2] === "test" ? "test" : "dev";
  const rows = splitBrandPosts(loadBrandPosts())[half];
  const { predicted, confusion, ...figures } = scoreBrandPosts(rows);
  console.log(half, JSON.stringify(figures));
  if (half === "dev") {
    rows.forEach((r, i) => {
      if (predicted[i] !== r.intent) console.log(`${r.intent} -> ${predicted[i]}\t${r.text}`);
    });
  }
}
