/**
 * `npm run bench`: every benchmark in one run, beside a JSON.parse baseline measured in the same
 * run. Prints the figures and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { benchAlerts } from "./alerts.ts";
import { benchAnalyze } from "./analyze.ts";
import { benchColdStart } from "./coldStart.ts";
import { benchCustomerImport } from "./customerImport.ts";
import { benchFilter } from "./filter.ts";
import { benchFirehose } from "./firehose.ts";
import { benchHandoff } from "./handoff.ts";
import { benchImport } from "./import.ts";
import { benchJobs } from "./jobs.ts";
import { benchLatency } from "./latency.ts";
import { benchPipeline } from "./pipeline.ts";
import { benchReplies } from "./replies.ts";
import { benchResponsive } from "./responsive.ts";
import { benchRoutingDecisions } from "./routingDecisions.ts";
import { benchSourceLag } from "./sourceLag.ts";
import { benchSpikes } from "./spikes.ts";
import { benchSupervisor } from "./supervisor.ts";
import { benchSurveys } from "./surveys.ts";
import { benchTrends } from "./trends.ts";

const filter = await benchFilter(200_000);
const analyze = await benchAnalyze();
// With DATABASE_URL set, the pipeline is measured on PostgreSQL as well.
const pipeline = await benchPipeline(50_000, process.env.DATABASE_URL);
// A post reaching the agent's screen at 1,000 posts/s offered for 30 s.
const latency = await benchLatency(30_000, 1000);
// `PARLEY_BENCH_IMPORT_POSTS` shortens the import benchmark (1,000,000 posts, three runs, by default).
const importPosts = Number(process.env.PARLEY_BENCH_IMPORT_POSTS ?? 1_000_000);
const imported = await benchImport(importPosts, 3);
const responsive = await benchResponsive(200_000);
const coldStart = await benchColdStart(5);
const jobs = await benchJobs(process.env.DATABASE_URL);
const replies = await benchReplies();
const routing = await benchRoutingDecisions();
const handoff = await benchHandoff();
const surveys = await benchSurveys();
// `PARLEY_BENCH_CUSTOMER_ROWS` shortens the CRM import benchmark (1,000,000 rows, three runs, by default).
const customerImport = await benchCustomerImport(
  Number(process.env.PARLEY_BENCH_CUSTOMER_ROWS ?? 1_000_000),
  3,
);
// 1,000,000 Jetstream events from a local replay through the Jetstream source into the store.
const firehose = await benchFirehose(Number(process.env.PARLEY_BENCH_FIREHOSE_EVENTS ?? 1_000_000));
// `PARLEY_BENCH_TREND_POSTS` shortens the trend benchmark (1,000,000 posts rolled up by default).
const trends = await benchTrends(
  Number(process.env.PARLEY_BENCH_TREND_POSTS ?? 1_000_000),
  process.env.DATABASE_URL,
);
const spikes = benchSpikes();
// Alert rules judged on stored batches and over five weeks of hourly rollups, on PostgreSQL too
// with DATABASE_URL. 50,000 posts keep every hour and key of the rollups filled, as
// `node bench/alerts.ts` does with 300,000 (`PARLEY_BENCH_ALERT_ROLLUP_POSTS` sets it).
const alerts = await benchAlerts(
  Number(process.env.PARLEY_BENCH_ALERT_ROLLUP_POSTS ?? 50_000),
  process.env.DATABASE_URL,
);
// The supervisor's view with 30,000 waiting items (`PARLEY_BENCH_SUPERVISOR_ITEMS`;
// `node bench/supervisor.ts` measures 100,000).
const supervisor = await benchSupervisor(Number(process.env.PARLEY_BENCH_SUPERVISOR_ITEMS ?? 30_000));
// Mastodon mentions at 50/s over the streaming API, network creation to work item open.
const sourceLag = await benchSourceLag(1000, 50);

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
  post_to_screen_p50_ms: latency.live_latency_p50_ms,
  post_to_screen_p99_ms: latency.live_latency_p99_ms,
  post_to_screen_max_ms: latency.live_latency_max_ms,
  import_posts_per_s: imported.import_posts_per_s,
  import_peak_rss_mb: imported.import_peak_rss_mb,
  import_posts: imported.import_posts,
  http_p99_during_import_ms: responsive.http_p99_during_import_ms,
  http_p99_idle_ms: responsive.http_idle.p99,
  import_in_server_posts_per_s: responsive.import_in_server_posts_per_s,
  cold_start_ms: coldStart.cold_start_ms,
  reply_send_p50_ms: replies.reply_send_p50_ms,
  reply_send_p99_ms: replies.reply_send_p99_ms,
  routing_decisions_per_s: routing.routing_decisions_per_s,
  ...(routing.postgres ? { routing_decisions_postgres_per_s: routing.postgres.routing_decisions_per_s } : {}),
  handoff_delivery_p50_ms: handoff.handoff_delivery_p50_ms,
  handoff_delivery_p99_ms: handoff.handoff_delivery_p99_ms,
  survey_parse_per_s: surveys.survey_parse_per_s,
  survey_check_per_batch_ms: surveys.survey_check_per_batch_ms,
  customer_import_rows_per_s: customerImport.customer_import_rows_per_s,
  customer_import_peak_rss_mb: customerImport.customer_import_peak_rss_mb,
  customer_import_rows: customerImport.customer_import_rows,
  firehose_posts_per_s: firehose.firehose_posts_per_s,
  source_lag_p99_ms: sourceLag.source_lag_p99_ms,
  source_lag_cut_p99_ms: sourceLag.source_lag_cut_p99_ms,
  jobs_per_s: jobs.sqlite.jobs_per_s,
  jobs_backlog_per_s: jobs.sqlite.jobs_backlog_per_s,
  job_pickup_woken_p99_ms: jobs.sqlite.pickup_woken_p99_ms,
  job_pickup_polled_p99_ms: jobs.sqlite.pickup_polled_p99_ms,
  ...(jobs.postgres
    ? {
        jobs_postgres_per_s: jobs.postgres.jobs_per_s,
        job_pickup_postgres_woken_p99_ms: jobs.postgres.pickup_woken_p99_ms,
      }
    : {}),
  trend_query_p99_ms: trends.sqlite?.trend_query_p99_ms,
  rollup_posts_per_s: trends.sqlite?.rollup_posts_per_s,
  ...(trends.postgres
    ? {
        trend_query_postgres_p99_ms: trends.postgres.trend_query_p99_ms,
        rollup_postgres_posts_per_s: trends.postgres.rollup_posts_per_s,
      }
    : {}),
  trend_posts: trends.posts,
  ...spikes,
  alert_match_posts_per_s: alerts.sqlite.match_posts_per_s,
  alert_match_batch_p50_ms: alerts.sqlite.match_batch_ms_p50,
  alert_window_round_p50_ms: alerts.sqlite.window_round_ms_p50,
  ...(alerts.postgres
    ? {
        alert_match_postgres_posts_per_s: alerts.postgres.match_posts_per_s,
        alert_match_postgres_batch_p50_ms: alerts.postgres.match_batch_ms_p50,
        alert_window_postgres_round_p50_ms: alerts.postgres.window_round_ms_p50,
      }
    : {}),
  alert_window_rollup_posts: alerts.sqlite.window_rollup_posts,
  supervisor_view_p50_ms: supervisor.supervisor_view_p50_ms,
  supervisor_view_p99_ms: supervisor.supervisor_view_p99_ms,
  supervisor_routing_overview_p50_ms: supervisor.routing_overview_p50_ms,
  supervisor_waiting_items: supervisor.waiting_items,
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
