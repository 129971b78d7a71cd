/**
 * `npm run bench`: every benchmark in one run, beside a JSON.parse baseline measured in the same
 * run. Prints the figures and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { benchAnalyze } from "./analyze.ts";
import { benchFilter } from "./filter.ts";
import { benchLatency } from "./latency.ts";
import { benchPipeline } from "./pipeline.ts";

const filter = await benchFilter(200_000);
const analyze = await benchAnalyze();
// With DATABASE_URL set, the pipeline is measured on PostgreSQL as well.
const pipeline = await benchPipeline(50_000, process.env.DATABASE_URL);
const latency = await benchLatency(500, 50);

const latest = {
  json_parse_posts_per_s: filter.json_parse_posts_per_s,
  // The hard case (demo posts, ~81% matching) and a firehose mostly of chatter: see bench/filter.ts.
  filter_posts_per_s: filter.filter_posts_per_s,
  filter_firehose_posts_per_s: filter.filter_firehose_posts_per_s,
  analyze_posts_per_s: analyze.analyze_posts_per_s,
  pipeline_posts_per_s: pipeline.pipeline_posts_per_s,
  ...(pipeline.pipeline_postgres_posts_per_s
    ? { pipeline_postgres_posts_per_s: pipeline.pipeline_postgres_posts_per_s }
    : {}),
  live_latency_p50_ms: latency.live_latency_p50_ms,
  live_latency_p99_ms: latency.live_latency_p99_ms,
  model_bytes: analyze.model_bytes,
  ratios_to_json_parse: {
    filter: +(filter.filter_posts_per_s / filter.json_parse_posts_per_s).toFixed(3),
    filter_firehose: +(filter.filter_firehose_posts_per_s / filter.json_parse_firehose_posts_per_s).toFixed(
      3,
    ),
    analyze: +(analyze.analyze_posts_per_s / filter.json_parse_posts_per_s).toFixed(4),
    pipeline: +(pipeline.pipeline_posts_per_s / filter.json_parse_posts_per_s).toFixed(4),
  },
  machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", memory_bytes: totalmem() },
  node: process.version,
  at: new Date().toISOString(),
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(latest, null, 2)}\n`);
console.log(`\nbench/results/latest.json:\n${JSON.stringify(latest, null, 2)}`);
