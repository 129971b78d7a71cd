/**
 * `source_lag_p99_ms`: from a post's creation on the network to its work item being open. A fake
 * Mastodon instance (test/support/fakeMastodon.ts) on 127.0.0.1 creates mentions of the brand at
 * a steady rate, each by its own account, and pushes them on its streaming API (a WebSocket, with
 * Mastodon's frames); a streaming Mastodon source reads them through the source runner into the
 * pipeline and the embedded store on disk. The lag of a post is the time its `work_item.created`
 * event reaches a bus subscriber (after the commit) minus the status's `created_at`.
 *
 * A second pass cuts the socket halfway: the posts made while it is down arrive with the REST
 * catch-up after the reconnect, and their lag shows what a cut costs.
 *
 * Run: node bench/sourceLag.ts [posts] [per second]   (writes bench/results/source-lag.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSourceRunner } from "../src/connectors/runner.ts";
import { openCore } from "../src/core.ts";
import type { LiveEvent } from "../src/domain/views.ts";
import { startFakeMastodon } from "../test/support/fakeMastodon.ts";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function runOnce(count: number, perSecond: number, cut: boolean) {
  const fake = await startFakeMastodon({ rateLimit: 100_000 });
  const dir = mkdtempSync(join(tmpdir(), "parley-source-lag-"));
  const core = await openCore({ data: dir });
  try {
    const ws = await core.store.workspaces.create({
      name: "Lag",
      brandHandles: ["lumenhelp"],
      brandNames: ["Lumen"],
    });
    const source = await core.store.sources.create(ws.id, {
      kind: "mastodon",
      name: "Lumen on Mastodon",
      config: { instanceUrl: fake.url, allowPrivateNetwork: true, streaming: true },
      credentials: core.box.seal({ accessToken: fake.token }),
    });
    const createdAt = new Map<string, number>();
    const lags: number[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    core.bus.subscribe(ws.id, (event: LiveEvent) => {
      if (event.type !== "work_item.created") return;
      const at = createdAt.get(event.workItem.post.platformId);
      if (at === undefined) return;
      lags.push(Date.now() - at);
      if (lags.length === count) done();
    });
    const runner = startSourceRunner({
      store: core.store,
      pipeline: core.pipeline,
      box: core.box,
      clock: core.clock,
      scanMs: 0,
    });
    await runner.scan();
    while (fake.streamConnections() === 0) await new Promise((r) => setTimeout(r, 10));
    // The first catch-up has run once the cursor is saved.
    while (!(await core.store.sources.get(source.id))?.cursor) await new Promise((r) => setTimeout(r, 10));
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (cut && i === Math.floor(count / 2)) fake.dropStreams();
      const s = fake.publish({
        text: `@lumenhelp my phone has had no signal since this morning, can you help? (${i})`,
        by: `customer${i}`,
      });
      createdAt.set(s.id, Date.parse(s.created_at));
    }
    const timeout = setTimeout(done, 60_000);
    await all;
    clearTimeout(timeout);
    await runner.stop();
    if (lags.length < count) throw new Error(`only ${lags.length} of ${count} work items opened`);
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.at(-1)!,
    };
  } finally {
    await core.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSourceLag(count = 1000, perSecond = 50) {
  // A short first run warms the JIT, the store and the analyzer; it is not counted.
  await runOnce(50, perSecond, false);
  const steady = await runOnce(count, perSecond, false);
  const withCut = await runOnce(count, perSecond, true);
  console.log(
    `source lag bench: ${count} Mastodon mentions at ${perSecond}/s over the streaming API, embedded store\n` +
      `  network → work item open: p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms\n` +
      `  with the socket cut halfway: p50 ${withCut.p50} ms, p99 ${withCut.p99} ms, max ${withCut.max} ms`,
  );
  return {
    source_lag_p50_ms: steady.p50,
    source_lag_p99_ms: steady.p99,
    source_lag_max_ms: steady.max,
    source_lag_cut_p99_ms: withCut.p99,
    source_lag_cut_max_ms: withCut.max,
  };
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 1000);
  const perSecond = Number(process.argv[3] ?? 50);
  const result = await benchSourceLag(count, perSecond);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, posts: count, perSecond, node: process.version, at: new Date().toISOString() };
  writeFileSync(
    new URL("./results/source-lag.json", import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
