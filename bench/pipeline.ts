/**
 * The whole ingest pipeline on the embedded store, as a source drives it: JSON lines in → field
 * mapping, normalize, dedupe, campaign matching, analysis, and one transaction per batch storing
 * authors, threads, posts with their analysis and work items, then live events. Posts/s counts
 * every post submitted, matched or not, over wall-clock time (storage and the analysis worker
 * run in parallel, so CPU time of one thread would not describe it).
 *
 * Run: node bench/pipeline.ts [posts]   (writes bench/results/pipeline.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { jsonToDraft } from "../src/connectors/import/generic.ts";
import { type CoreOptions, openCore } from "../src/core.ts";
import type { NormalizedPost } from "../src/domain/post.ts";
import type { CampaignRule } from "../src/pipeline/match.ts";
import { normalizePost } from "../src/pipeline/normalize.ts";
import { makeCampaigns, makeWirePosts } from "./filter.ts";

const RUNS = 3;
const BATCH = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function toPosts(lines: readonly string[], now: Date): NormalizedPost[] {
  const posts: NormalizedPost[] = [];
  for (const line of lines) {
    const draft = jsonToDraft(JSON.parse(line), { defaultPlatform: "webhook", now });
    if (!("code" in draft)) posts.push(normalizePost(draft));
  }
  return posts;
}

/** A fresh, empty store: a temporary folder, or a new database beside DATABASE_URL's. */
async function freshStore(postgresUrl?: string): Promise<{ options: CoreOptions; remove(): Promise<void> }> {
  if (!postgresUrl) {
    const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
    return { options: { data: dir }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `parley_bench_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    remove: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** One run on a fresh store; returns posts per second and what was stored. */
async function runOnce(wire: readonly string[], campaigns: readonly CampaignRule[], postgresUrl?: string) {
  const fresh = await freshStore(postgresUrl);
  const core = await openCore(fresh.options);
  try {
    const ws = await core.store.workspaces.create({
      name: "Bench",
      brandHandles: ["lumenmobile", "lumenhelp"],
      brandNames: ["Lumen Mobile"],
    });
    for (const c of campaigns) await core.store.campaigns.create(ws.id, { name: c.id, query: c.query });
    const now = new Date();
    const totals = { stored: 0, duplicates: 0, unmatched: 0 };
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < wire.length; i += BATCH) {
      // Two submissions in flight, as the importer does: one is analysed while the other is stored.
      const submitted = core.pipeline.submit(ws.id, toPosts(wire.slice(i, i + BATCH), now), {
        requireMatch: true,
      });
      inFlight.push(
        submitted.then((r) => {
          totals.stored += r.stored;
          totals.duplicates += r.duplicates;
          totals.unmatched += r.unmatched;
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const rate = wire.length / ((performance.now() - started) / 1000);
    return { rate, ...totals };
  } finally {
    await core.close();
    await fresh.remove();
  }
}

/**
 * The pipeline on the embedded store; with `postgresUrl`, on PostgreSQL too (each run on a new
 * database beside it), for comparison.
 */
export async function benchPipeline(
  postCount = 50_000,
  postgresUrl?: string,
): Promise<{ pipeline_posts_per_s: number; pipeline_postgres_posts_per_s?: number }> {
  const wire = makeWirePosts(postCount);
  const campaigns = makeCampaigns(wire.slice(0, 20_000));
  const embedded = await measure(wire, campaigns);
  const result: { pipeline_posts_per_s: number; pipeline_postgres_posts_per_s?: number } = {
    pipeline_posts_per_s: embedded,
  };
  if (postgresUrl) result.pipeline_postgres_posts_per_s = await measure(wire, campaigns, postgresUrl);
  return result;
}

async function measure(wire: readonly string[], campaigns: readonly CampaignRule[], postgresUrl?: string) {
  // A first, shorter run lets the database and the JIT warm up; it is not counted.
  await runOnce(wire.slice(0, 5_000), campaigns, postgresUrl);
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await runOnce(wire, campaigns, postgresUrl));
  const rate = Math.round(median(runs.map((r) => r.rate)));
  const last = runs.at(-1)!;
  const where = postgresUrl ? "PostgreSQL" : "embedded store on disk";
  console.log(
    `pipeline bench: ${wire.length} posts, ${campaigns.length} campaigns, ${where}, ${RUNS} runs\n` +
      `  posts/s (median):   ${rate.toLocaleString("en").padStart(9)}` +
      `   runs: ${runs.map((r) => Math.round(r.rate).toLocaleString("en")).join(", ")}\n` +
      `  per run: ${last.stored} stored, ${last.duplicates} duplicates, ${last.unmatched} matched no campaign`,
  );
  return rate;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 50_000);
  const result = await benchPipeline(count, process.env.DATABASE_URL);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, posts: count, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/pipeline.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}
