/**
 * CPU cost of the full analysis on real posts: the texts of the Customer Support on Twitter
 * sample (`../shared/data/twcs-sample.csv`), each analysed as a post to its brand, five rounds.
 * Prints posts per CPU second (user + system time of this process), the median round.
 * `node scripts/timeAnalyze.ts [--data DIR]`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCsv } from "../src/analysis/csv.ts";
import { createAnalyzer } from "../src/analysis/index.ts";
import type { AnalysisInput } from "../src/domain/analysis.ts";
import { dataDir } from "./data.ts";

const rows = parseCsv(readFileSync(resolve(dataDir(), "twcs-sample.csv"), "utf8"));
const posts: AnalysisInput[] = rows.map((r, i) => ({
  text: r.text ?? "",
  brandHandles: ["amazonhelp", "applesupport", "sprintcare", "upshelp", "comcastcares"],
  brandNames: ["Amazon", "Apple", "Sprint"],
  author: { handle: r.inbound === "True" ? `user${i % 500}` : "amazonhelp", followers: (i * 37) % 5000 },
}));
const analyzer = createAnalyzer({ taxonomy: "retail" });
for (const p of posts) analyzer.analyze(p);
const rates: number[] = [];
for (let round = 0; round < 5; round++) {
  const c0 = process.cpuUsage();
  for (let k = 0; k < 4; k++) for (const p of posts) analyzer.analyze(p);
  const c = process.cpuUsage(c0);
  rates.push((4 * posts.length) / ((c.user + c.system) / 1e6));
}
rates.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    posts: posts.length,
    posts_per_cpu_s: Math.round(rates[2]!),
    rounds: rates.map(Math.round),
  }),
);
