/**
 * Trend queries over the rollups of 1,000,000 stored posts: the rollups are built through the
 * rollup job's own code path (`bucketDeltas` then `rollups.apply`, one batch of 1,000 posts per
 * event, in time order as ingest stores them), then the dashboard's queries run through the
 * insight service: daily totals, intents, topics, share of voice and one campaign over 30–90
 * days, hourly totals and sentiment over 7 days. p99 over every query of a round, median of
 * several rounds. On the embedded store (a file) and, with DATABASE_URL, on PostgreSQL.
 *
 * `node bench/trends.ts [posts]` prints the figures and writes bench/results/trends.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../src/analysis/random.ts";
import { ManualClock } from "../src/domain/clock.ts";
import { bucketDeltas, HOUR_MS, type RollupPost } from "../src/domain/insight/rollup.ts";
import type { Principal } from "../src/services/auth.ts";
import { insightService, type TrendQuery } from "../src/services/insights.ts";
import { createStore, type Database, openDatabase, type Store } from "../src/store/index.ts";
import { freshPostgresUrl } from "../test/support/databases.ts";

const DAYS = 90;
const END = Date.UTC(2026, 10, 30);
const START = END - DAYS * 24 * HOUR_MS;
const BATCH = 1000;
const INTENTS = ["complaint", "question", "praise", "purchase_intent", "feedback", "spam", "other"];
const TOPICS = ["network", "billing", "delivery", "app", "store", "roaming", "contract", "coverage"];
const SENTIMENTS = ["negative", "neutral", "positive"];
const PLATFORMS = ["x", "mastodon", "bluesky"];
const LANGUAGES = ["en", "fr", "de", "es"];

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function build(store: Store, workspaceId: string, posts: number, campaigns: string[], rival: string) {
  const rand = seededRandom(7);
  const step = (END - START) / posts;
  const started = performance.now();
  for (let b = 0; b * BATCH < posts; b++) {
    const batch: RollupPost[] = [];
    for (let i = b * BATCH; i < Math.min(posts, (b + 1) * BATCH); i++) {
      // A fifth of the voices are regulars, so authors repeat across hours and days.
      const author =
        rand() < 0.2 ? `regular${Math.floor(rand() * 2000)}` : `a${Math.floor(rand() * 300_000)}`;
      batch.push({
        id: `p${i}`,
        authorId: author,
        postedAt: new Date(START + i * step),
        direction: rand() < 0.05 ? "from_brand" : "to_brand",
        intent: pick(rand, INTENTS),
        topic: rand() < 0.15 ? null : pick(rand, TOPICS),
        sentiment: pick(rand, SENTIMENTS),
        platform: pick(rand, PLATFORMS),
        language: pick(rand, LANGUAGES),
        campaignIds: [rand() < 0.8 ? (campaigns[0] as string) : rival],
      });
    }
    const deltas = bucketDeltas(batch, rival);
    await store.transaction((tx) => tx.rollups.apply(workspaceId, `bench-${b}`, deltas, new Date()));
  }
  return posts / ((performance.now() - started) / 1000);
}

async function measure(database: Database, posts: number, rounds: number) {
  const store = createStore(database);
  const workspace = await store.workspaces.create({ name: "Bench", brandHandles: ["lumen"], brandNames: [] });
  const campaign = await store.campaigns.create(workspace.id, { name: "Lumen", query: "lumen" } as never);
  const rival = await store.campaigns.create(workspace.id, { name: "Rivals", query: "rival" } as never);
  const rollupPostsPerS = await build(store, workspace.id, posts, [campaign.id], rival.id);
  const service = insightService(store, new ManualClock(END));
  const principal = { workspace } as unknown as Principal;
  const day = 24 * HOUR_MS;
  const q = (over: Partial<TrendQuery>): TrendQuery => ({
    dimension: "total",
    interval: "day",
    from: new Date(END - 30 * day),
    to: new Date(END),
    filter: null,
    limit: 10,
    ...over,
  });
  const dashboard: TrendQuery[] = [
    q({}),
    q({ dimension: "intent" }),
    q({ dimension: "topic" }),
    q({ dimension: "voice", from: new Date(END - 90 * day) }),
    q({ dimension: "intent", filter: { kind: "campaign", value: campaign.id } }),
    q({ dimension: "total", interval: "hour", from: new Date(END - 7 * day) }),
    q({ dimension: "sentiment", interval: "hour", from: new Date(END - 7 * day) }),
  ];
  const p99s: number[] = [];
  const p50s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const times: number[] = [];
    for (let k = 0; k < 10; k++) {
      for (const query of dashboard) {
        const started = performance.now();
        const answer = await service.trends(principal, query);
        times.push(performance.now() - started);
        if (answer.series.length === 0)
          throw new Error("A dashboard query found nothing: the rollups are empty");
      }
    }
    p99s.push(pct(times, 0.99));
    p50s.push(pct(times, 0.5));
  }
  const [rows] = await database.rows<{ n: number }>(
    (await import("../src/store/orm.ts")).sql`select count(*) as n from insight_rollups`,
  );
  return {
    trend_query_p99_ms: +median(p99s).toFixed(1),
    trend_query_p50_ms: +median(p50s).toFixed(1),
    rollup_posts_per_s: Math.round(rollupPostsPerS),
    rollup_rows: Number(rows?.n ?? 0),
  };
}

export async function benchTrends(posts = 1_000_000, postgresUrl?: string, rounds = 5, embedded = true) {
  let sqlite: Awaited<ReturnType<typeof measure>> | null = null;
  if (embedded) {
    const dir = mkdtempSync(join(tmpdir(), "parley-trends-"));
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    try {
      sqlite = await measure(database, posts, rounds);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let postgres: Awaited<ReturnType<typeof measure>> | null = null;
  if (postgresUrl) {
    const fresh = await freshPostgresUrl(postgresUrl);
    const pgDatabase = await openDatabase({ url: fresh.url });
    await pgDatabase.migrate();
    try {
      postgres = await measure(pgDatabase, posts, rounds);
    } finally {
      await pgDatabase.close();
      await fresh.drop();
    }
  }
  return { posts, sqlite, postgres };
}

if (import.meta.main) {
  // `node bench/trends.ts [posts] [sqlite|postgres]`: one store only, written to its own file.
  const posts = Number(process.argv[2] ?? 1_000_000);
  const only = process.argv[3];
  const figures = await benchTrends(
    posts,
    only === "sqlite" ? undefined : process.env.DATABASE_URL,
    5,
    only !== "postgres",
  );
  console.log(JSON.stringify(figures, null, 2));
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    `bench/results/trends${only ? `-${only}` : ""}.json`,
    `${JSON.stringify(figures, null, 2)}\n`,
  );
}
