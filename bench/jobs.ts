/**
 * Jobs: how many a worker runs per second (no-op jobs, so this is the queue's own cost: claim,
 * run, complete), and how long a due job waits before a worker picks it up. On the embedded store
 * (a file) and, with DATABASE_URL, on PostgreSQL. Medians of several runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../src/domain/clock.ts";
import type { JobDefinition } from "../src/jobs/definition.ts";
import { startWorker } from "../src/jobs/runner.ts";
import { createStore, openDatabase, type Store } from "../src/store/index.ts";
import { freshPostgresUrl } from "../test/support/databases.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function throughput(store: Store, jobs: number, run: number): Promise<number> {
  const noop: JobDefinition = { name: `bench.noop.${run}`, trigger: { due: true }, async run() {} };
  const now = new Date();
  await store.transaction(async (tx) => {
    for (let i = 0; i < jobs; i++) await tx.jobs.enqueue({ name: noop.name, key: String(i), runAt: now });
  });
  const worker = startWorker({ store, clock: systemClock, definitions: [noop], pollMs: 0, concurrency: 50 });
  const started = performance.now();
  let done = 0;
  while (done < jobs) done += await worker.tick();
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  return jobs / seconds;
}

/**
 * The same worker with a backlog: `backlog` due jobs under several names wait, and the rate is
 * over the first `drained` of them. A claim that read the whole backlog would show here.
 */
async function backlogThroughput(store: Store, backlog: number, drained: number): Promise<number> {
  const names = Array.from({ length: 5 }, (_, i) => `bench.backlog.${i}`);
  let ran = 0;
  const definitions: JobDefinition[] = names.map((name) => ({
    name,
    trigger: { due: true },
    async run() {
      ran += 1;
    },
  }));
  const now = new Date();
  await store.transaction(async (tx) => {
    await tx.jobs.enqueueMany(
      Array.from({ length: backlog }, (_, i) => ({
        name: names[i % names.length]!,
        key: String(i),
        runAt: now,
      })),
    );
  });
  const worker = startWorker({ store, clock: systemClock, definitions, pollMs: 0, concurrency: 50 });
  const started = performance.now();
  while (ran < drained) await worker.tick();
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  return ran / seconds;
}

/** Wait from enqueue to run: found by the worker's poll, or woken as the outbox relay wakes it. */
async function pickup(store: Store, count: number, wake: boolean): Promise<number[]> {
  const waits: number[] = [];
  const enqueued = new Map<string, number>();
  const timed: JobDefinition = {
    name: "bench.pickup",
    trigger: { due: true },
    async run(job) {
      waits.push(performance.now() - enqueued.get(job.key)!);
    },
  };
  const worker = startWorker({ store, clock: systemClock, definitions: [timed] });
  for (let i = 0; i < count; i++) {
    const key = `k${i}-${Math.random()}`;
    enqueued.set(key, performance.now());
    await store.jobs.enqueue({ name: timed.name, key, runAt: new Date() });
    if (wake) worker.wake();
    await new Promise((r) => setTimeout(r, 37));
  }
  while (waits.length < count) await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
  return waits;
}

async function measure(label: string, open: () => Promise<{ store: Store; close(): Promise<void> }>) {
  const { store, close } = await open();
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) rates.push(await throughput(store, 5000, run));
  const backlog = await backlogThroughput(store, 50_000, 5_000);
  const polled = await pickup(store, 60, false);
  const woken = await pickup(store, 60, true);
  await close();
  const result = {
    jobs_per_s: Math.round(median(rates)),
    jobs_backlog_per_s: Math.round(backlog),
    pickup_polled_p50_ms: +pct(polled, 0.5).toFixed(1),
    pickup_polled_p99_ms: +pct(polled, 0.99).toFixed(1),
    pickup_woken_p50_ms: +pct(woken, 0.5).toFixed(1),
    pickup_woken_p99_ms: +pct(woken, 0.99).toFixed(1),
  };
  console.log(
    `jobs on ${label}: ${result.jobs_per_s} jobs/s (runs ${rates.map(Math.round).join(", ")}), ${result.jobs_backlog_per_s} jobs/s behind a backlog of 50,000; pick-up by poll p50 ${result.pickup_polled_p50_ms} ms, p99 ${result.pickup_polled_p99_ms} ms; woken p50 ${result.pickup_woken_p50_ms} ms, p99 ${result.pickup_woken_p99_ms} ms`,
  );
  return result;
}

export async function benchJobs(postgresUrl?: string) {
  const sqlite = await measure("the embedded store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-jobs-"));
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    return {
      store: createStore(database),
      async close() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
  let postgres: Awaited<ReturnType<typeof measure>> | undefined;
  if (postgresUrl) {
    postgres = await measure("PostgreSQL", async () => {
      const fresh = await freshPostgresUrl(postgresUrl);
      const database = await openDatabase({ url: fresh.url });
      await database.migrate();
      return {
        store: createStore(database),
        async close() {
          await database.close();
          await fresh.drop();
        },
      };
    });
  }
  return { sqlite, postgres };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchJobs(process.env.DATABASE_URL);
