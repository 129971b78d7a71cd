/**
 * The cost of alert evaluation on the embedded store (a file). Per-post rules: 40 rules (keyword,
 * tag and VIP) judged on stored batches of 500 posts through `matchBatch`, the `alerts.match_posts`
 * job's own code; posts judged per second and the median batch. Window rules: 15 thresholds and 5
 * spike rules judged by one `judgeWindows` round over five weeks of hourly rollups of 300,000
 * posts (built through the rollup job's `bucketDeltas` and `rollups.apply`); the median round of
 * several. With DATABASE_URL, the same on PostgreSQL.
 *
 * `node bench/alerts.ts` prints the figures and writes bench/results/alerts.json; `npm run bench`
 * runs it too (`benchAlerts`) and records its figures in bench/results/latest.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../src/analysis/random.ts";
import { secretBox } from "../src/connectors/secretBox.ts";
import type { AlertCondition } from "../src/domain/alerts.ts";
import type { Intent } from "../src/domain/analysis.ts";
import { bucketDeltas, HOUR_MS, type RollupPost } from "../src/domain/insight/rollup.ts";
import { judgeWindows, matchBatch } from "../src/jobs/alerts.ts";
import { rollUpBatch } from "../src/jobs/insights.ts";
import { createStore, type Database, openDatabase } from "../src/store/index.ts";
import { freshPostgresUrl } from "../test/support/databases.ts";
import { makeAnalysis, makePost } from "../test/support/factories.ts";

const BATCH = 500;
const BATCHES = 20;
const END = Date.UTC(2026, 10, 30, 12, 30);
const WEEKS = 5;
const START = END - WEEKS * 7 * 24 * HOUR_MS;
const INTENTS: Intent[] = ["complaint", "question", "praise", "feedback", "other"];
const TOPICS = ["network", "billing", "delivery", "app", "store", "roaming"];
const WORDS =
  "signal outage refund bill charge app crash store queue delivery late router slow fast help".split(" ");

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function measure(database: Database, windowPosts: number) {
  const store = createStore(database);
  const box = secretBox("a-bench-key-that-is-long-enough-for-the-box");
  const workspaceId = (
    await store.workspaces.create({ name: "Bench", brandHandles: ["lumen"], brandNames: [] })
  ).id;
  const campaign = await store.campaigns.create(workspaceId, {
    name: "Lumen",
    query: "lumen",
    vipAuthors: Array.from({ length: 200 }, (_, i) => `vip${i}`),
  });
  const rand = seededRandom(11);
  const rules: AlertCondition[] = [];
  for (let i = 0; i < 20; i++)
    rules.push({
      kind: "keyword",
      keywords: Array.from({ length: 5 }, (_, k) => `${pick(rand, WORDS)} ${k}`),
    });
  for (let i = 0; i < 15; i++) rules.push({ kind: "tag", label: "topic", value: pick(rand, TOPICS) });
  for (let i = 0; i < 5; i++) rules.push({ kind: "vip" });
  for (let i = 0; i < 15; i++)
    rules.push({
      kind: "threshold",
      dimension: i % 3 === 0 ? "total" : "intent",
      value: i % 3 === 0 ? null : pick(rand, INTENTS),
      windowHours: 1 + (i % 24),
      authors: 50 + i * 10,
    });
  for (let i = 0; i < 5; i++)
    rules.push({ kind: "spike", dimension: "topic", value: i === 0 ? null : TOPICS[i]! });
  for (const [i, condition] of rules.entries()) {
    await store.alerts.createRule(
      {
        workspaceId,
        name: `rule ${i}`,
        kind: condition.kind,
        condition,
        channels: [{ type: "webhook", url: "https://hooks.example.com/x" }],
        secret: box.seal({ signingSecret: "whsec_bench" }),
        enabled: true,
        quietMinutes: 60,
        allowPrivateNetwork: false,
      },
      new Date(END),
    );
  }

  // Window rules: five weeks of hourly rollups.
  const step = (END - START) / windowPosts;
  for (let b = 0; b * 1000 < windowPosts; b++) {
    const batch: RollupPost[] = [];
    for (let i = b * 1000; i < Math.min(windowPosts, (b + 1) * 1000); i++) {
      batch.push({
        id: `w${i}`,
        authorId: rand() < 0.2 ? `regular${Math.floor(rand() * 2000)}` : `a${Math.floor(rand() * 200_000)}`,
        postedAt: new Date(START + i * step),
        direction: "to_brand",
        intent: pick(rand, INTENTS),
        topic: pick(rand, TOPICS),
        sentiment: "neutral",
        platform: "x",
        language: "en",
        campaignIds: [campaign.id],
      });
    }
    const deltas = bucketDeltas(batch, null);
    await store.transaction((tx) => tx.rollups.apply(workspaceId, `window-${b}`, deltas, new Date()));
  }
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    await judgeWindows(store, new Date(END));
    rounds.push(performance.now() - t);
  }

  // Per-post rules on stored batches.
  const batchMs: number[] = [];
  let judged = 0;
  let counter = 0;
  for (let b = 0; b < BATCHES; b++) {
    const result = await store.ingest(
      workspaceId,
      Array.from({ length: BATCH }, () => {
        counter += 1;
        const handle =
          rand() < 0.02 ? `vip${Math.floor(rand() * 200)}` : `user${Math.floor(rand() * 50_000)}`;
        return {
          post: makePost({
            text: `@lumen ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${Math.floor(rand() * 5)} ${pick(rand, WORDS)} again (${counter})`,
            createdAt: new Date(END - Math.floor(rand() * HOUR_MS)),
            author: { platform: "x" as const, platformId: handle, handle, followers: 10 },
          }),
          analysis: makeAnalysis({
            intent: { label: pick(rand, INTENTS), confidence: 0.8, scores: {} as never, explanation: "" },
            topic: { label: pick(rand, TOPICS), confidence: 0.6, explanation: "" },
          }),
          campaignIds: [campaign.id],
        };
      }),
    );
    const ids = result.stored.map((s) => s.id);
    const eventId = `00000000-0000-7000-8000-${String(b + 1).padStart(12, "0")}`;
    await rollUpBatch(store, workspaceId, eventId, ids, new Date(END));
    const t = performance.now();
    await matchBatch(store, workspaceId, eventId, ids, new Date(END));
    batchMs.push(performance.now() - t);
    judged += ids.length;
  }
  const total = batchMs.reduce((a, b) => a + b, 0);
  return {
    post_rules: 40,
    window_rules: 20,
    match_posts_per_s: Math.round(judged / (total / 1000)),
    match_batch_ms_p50: Math.round(median(batchMs) * 10) / 10,
    window_round_ms_p50: Math.round(median(rounds) * 10) / 10,
    window_rollup_posts: windowPosts,
  };
}

export interface AlertBench {
  sqlite: Awaited<ReturnType<typeof measure>>;
  postgres?: Awaited<ReturnType<typeof measure>>;
}

/** The alert figures on the embedded store, and on PostgreSQL when `databaseUrl` is given. */
export async function benchAlerts(windowPosts: number, databaseUrl?: string): Promise<AlertBench> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-alerts-"));
  try {
    const sqlite = await openDatabase({ dataDir: dir });
    await sqlite.migrate();
    const results: AlertBench = { sqlite: await measure(sqlite, windowPosts) };
    await sqlite.close();
    if (databaseUrl) {
      const fresh = await freshPostgresUrl(databaseUrl);
      const pg = await openDatabase({ url: fresh.url });
      await pg.migrate();
      results.postgres = await measure(pg, windowPosts);
      await pg.close();
      await fresh.drop();
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchAlerts(300_000, process.env.DATABASE_URL);
  console.log(JSON.stringify(results, null, 2));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/alerts.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}
