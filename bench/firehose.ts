/**
 * `firehose_posts_per_s`: Bluesky's public stream as the Jetstream source reads it. A local
 * Jetstream (test/support/jetstream.ts) plays 1,000,000 events made as they are sent (75% posts,
 * the rest likes, identity events and deletes; 2% of the posts about the brand, the others general
 * chatter that names no campaign keyword, as in bench/filter.ts) over a WebSocket
 * on 127.0.0.1; the source runner reads them through the Jetstream connector (frames parsed and
 * normalized), the pipeline's filter stage (`admitPost`, 100 campaigns plus the brand's) drops
 * what matches none, and the rest is stored with its cursor, batch by batch, in the embedded
 * store. Events/s is over wall-clock time from the first connection to the last cursor saved.
 *
 * Run: node bench/firehose.ts [events]   (writes bench/results/firehose.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJetstreamConnector, jetstreamKind } from "../src/connectors/bluesky/jetstream.ts";
import { startSourceRunner } from "../src/connectors/runner.ts";
import { openCore } from "../src/core.ts";
import { firehoseEvents, startStreamingReplay } from "../test/support/jetstream.ts";
import { createChatter } from "./chatter.ts";
import { makeCampaigns, makeWirePosts } from "./filter.ts";

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function runOnce(count: number, campaigns: ReturnType<typeof makeCampaigns>) {
  // A fresh chatter per pass, so the stream counted and the stream played are the same.
  const options = () => {
    const chatter = createChatter(
      17,
      campaigns.map((c) => c.query),
    );
    return { seed: 11, count, brandShare: 0.02, deleteShare: 0.01, chatter: () => chatter.next().text };
  };
  let lastTime = 0;
  let events = 0;
  for (const e of firehoseEvents(options())) {
    lastTime = e.time_us;
    events++;
  }
  const replay = await startStreamingReplay(() => firehoseEvents(options()));
  const dir = mkdtempSync(join(tmpdir(), "parley-firehose-"));
  const core = await openCore({ data: dir });
  try {
    const ws = await core.store.workspaces.create({
      name: "Bench",
      brandHandles: ["lumenhelp"],
      brandNames: ["Lumen"],
    });
    await core.store.campaigns.create(ws.id, { name: "Brand", query: "lumen OR @lumenhelp" });
    for (const c of campaigns) await core.store.campaigns.create(ws.id, { name: c.id, query: c.query });
    const source = await core.store.sources.create(ws.id, {
      kind: "bluesky-jetstream",
      name: "Every post",
      config: { url: replay.url, allowPrivateNetwork: true },
      credentials: null,
    });
    const runner = startSourceRunner({
      store: core.store,
      pipeline: core.pipeline,
      box: core.box,
      clock: core.clock,
      scanMs: 0,
      kindOf: () => ({ ...jetstreamKind, create: (s) => createJetstreamConnector(s as never) }),
    });
    const started = performance.now();
    await runner.scan();
    for (;;) {
      const row = await core.store.sources.get(source.id);
      if (row?.cursor?.value === String(lastTime)) break;
      if (row?.lastError && !row.enabled) throw new Error(row.lastError);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    const stored = (await core.store.sources.get(source.id))!;
    const posts = await core.store.views.workItems(ws.id, { limit: 1 });
    return { rate: events / seconds, events, seconds, handedOver: stored.postsTotal, opened: posts.length };
  } finally {
    await core.close();
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFirehose(count = 1_000_000): Promise<{ firehose_posts_per_s: number }> {
  const campaigns = makeCampaigns(makeWirePosts(20_000));
  // A short first run warms the JIT and the store; it is not counted.
  await runOnce(20_000, campaigns);
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await runOnce(count, campaigns));
  const rate = Math.round(median(runs.map((r) => r.rate)));
  const last = runs.at(-1)!;
  console.log(
    `firehose bench: ${last.events.toLocaleString("en")} Jetstream events, ${campaigns.length + 1} campaigns, embedded store, ${RUNS} runs\n` +
      `  events/s (median): ${rate.toLocaleString("en").padStart(9)}` +
      `   runs: ${runs.map((r) => Math.round(r.rate).toLocaleString("en")).join(", ")}\n` +
      `  per run: ${last.handedOver.toLocaleString("en")} posts handed to the filter, ${last.seconds.toFixed(1)} s`,
  );
  return { firehose_posts_per_s: rate };
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const result = await benchFirehose(count);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, events: count, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/firehose.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}
