/**
 * CPU cost of the full analysis on real posts: the texts of the Customer Support on Twitter
 * sample (`../shared/data/twcs-sample.csv`), each analysed as a post to its brand, five rounds.
 * Prints posts per CPU second (user + system time of this thread), the median round.
 * `node scripts/timeAnalyze.ts [--data DIR] [--against WEIGHTS_DIR]`: with `--against`, the
 * shipped analyzer and one built from the weight files in WEIGHTS_DIR (an earlier release's
 * `src/analysis/weights`) take turns, round by round, and the median ratio is printed: on a
 * loaded machine the ratio means more than either rate.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCsv } from "../src/analysis/csv.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import type { AnalysisInput, Analyzer } from "../src/domain/analysis.ts";
import { dataDir, modelsIn } from "./data.ts";

const rows = parseCsv(readFileSync(resolve(dataDir(), "twcs-sample.csv"), "utf8"));
const posts: AnalysisInput[] = rows.map((r, i) => ({
  text: r.text ?? "",
  brandHandles: ["amazonhelp", "applesupport", "sprintcare", "upshelp", "comcastcares"],
  brandNames: ["Amazon", "Apple", "Sprint"],
  author: { handle: r.inbound === "True" ? `user${i % 500}` : "amazonhelp", followers: (i * 37) % 5000 },
}));

const cpuSeconds = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};
function round(analyzer: Analyzer): number {
  const c0 = cpuSeconds();
  for (let k = 0; k < 4; k++) for (const p of posts) analyzer.analyze(p);
  return (4 * posts.length) / (cpuSeconds() - c0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const flag = process.argv.indexOf("--against");
const shipped = createAnalyzer({ taxonomy: "retail" });
const other =
  flag >= 0 ? createAnalyzer({ taxonomy: "retail", models: modelsIn(process.argv[flag + 1]!) }) : undefined;
for (const p of posts) {
  shipped.analyze(p);
  other?.analyze(p);
}
const rates: number[] = [];
const against: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < (other ? 9 : 5); r++) {
  const a = round(shipped);
  rates.push(a);
  if (other) {
    const b = round(other);
    against.push(b);
    ratios.push(a / b);
  }
}
console.log(
  JSON.stringify({
    posts: posts.length,
    version: shipped.version,
    posts_per_cpu_s: Math.round(median(rates)),
    rounds: rates.map(Math.round),
    ...(other
      ? {
          against: other.version,
          against_posts_per_cpu_s: Math.round(median(against)),
          median_ratio: +median(ratios).toFixed(3),
          ratios: ratios.map((x) => +x.toFixed(3)),
        }
      : {}),
  }),
);
