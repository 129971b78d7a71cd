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
import { jsonToDraft } from "../src/connectors/import/generic.ts";
import { openCore } from "../src/core.ts";
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

/** One run on a fresh store in a temporary folder; returns posts per second and what was stored. */
async function runOnce(wire: readonly string[], campaigns: readonly CampaignRule[]) {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const core = await openCore({ data: dir });
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
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPipeline(postCount = 50_000): Promise<{ pipeline_posts_per_s: number }> {
  const wire = makeWirePosts(postCount);
  const campaigns = makeCampaigns(wire.slice(0, 20_000));
  // A first, shorter run lets the WebAssembly database and the JIT warm up; it is not counted.
  await runOnce(wire.slice(0, 5_000), campaigns);
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await runOnce(wire, campaigns));
  const result = { pipeline_posts_per_s: Math.round(median(runs.map((r) => r.rate))) };
  const last = runs.at(-1)!;
  console.log(
    `pipeline bench: ${wire.length} posts, ${campaigns.length} campaigns, embedded store on disk, ${RUNS} runs\n` +
      `  posts/s (median):   ${result.pipeline_posts_per_s.toLocaleString("en").padStart(9)}` +
      `   runs: ${runs.map((r) => Math.round(r.rate).toLocaleString("en")).join(", ")}\n` +
      `  per run: ${last.stored} stored, ${last.duplicates} duplicates, ${last.unmatched} matched no campaign`,
  );
  return result;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 50_000);
  const result = await benchPipeline(count);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, posts: count, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/pipeline.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}
