/**
 * Throughput of the full analysis (every label) on one core, median of several runs, with a
 * JSON.parse pass over the same posts as a same-run baseline. `node bench/analyze.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createAnalyzer } from "../src/analysis/index.ts";
import { shippedModels } from "../src/analysis/models.ts";
import type { AnalysisInput } from "../src/domain/analysis.ts";

const TEMPLATES = [
  "@acmehelp my order #{n} never arrived and nobody answers, want a refund",
  "how do I change my delivery address @acmehelp?",
  "thanks @acmehelp the team sorted it in minutes, amazing service",
  "anyone tried the new acme router? thinking of buying one",
  "@acmehelp app keeps crashing since the update {n}, lost my notes",
  "watching the game tonight, what a goal",
  "@acmehelp would be nice if the app had a dark mode",
  "mi pedido {n} no ha llegado todavía @acmehelp",
];

function posts(n: number): AnalysisInput[] {
  return Array.from({ length: n }, (_, i) => ({
    text: TEMPLATES[i % TEMPLATES.length]!.replace("{n}", String(1000 + i)),
    brandHandles: ["acmehelp"],
    author: { handle: `user${i % 300}`, followers: (i * 37) % 5000 },
  }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface AnalyzeBench {
  analyze_posts_per_s: number;
  model_bytes: number;
  json_parse_per_s: number;
  ratio_to_json_parse: number;
  runs: number[];
}

export async function benchAnalyze(): Promise<AnalyzeBench> {
  const analyzer = createAnalyzer({ taxonomy: "retail" });
  const batch = posts(20_000);
  const lines = batch.map((p) => JSON.stringify(p));
  for (const p of batch.slice(0, 2000)) analyzer.analyze(p);
  const rates: number[] = [];
  const parseRates: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    for (const p of batch) analyzer.analyze(p);
    rates.push(batch.length / ((performance.now() - t) / 1000));
    t = performance.now();
    for (const l of lines) JSON.parse(l);
    parseRates.push(lines.length / ((performance.now() - t) / 1000));
  }
  const result = {
    analyze_posts_per_s: Math.round(median(rates)),
    model_bytes: shippedModels().bytes,
    json_parse_per_s: Math.round(median(parseRates)),
    ratio_to_json_parse: +(median(rates) / median(parseRates)).toFixed(4),
    runs: rates.map(Math.round),
  };
  console.log(JSON.stringify(result));
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchAnalyze();
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, "analyze.json"), `${JSON.stringify(r, null, 2)}\n`);
}
