/**
 * The supervisor's live view with 100,000 items waiting in 10 queues and 50 agents, on the
 * embedded store: prints the view's p50 and p99 latency over REQUESTS calls (wall-clock, after
 * WARMUP calls), and beside it the routing overview, which loads every open item, for comparison.
 *
 * Run: node bench/supervisor.ts   (writes bench/results/supervisor.json); `npm run bench` runs it
 * too (`benchSupervisor`) and records its figures in bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createMemoryBus } from "../src/bus/index.ts";
import { systemClock } from "../src/domain/clock.ts";
import { routingEngine } from "../src/services/routing.ts";
import { routingAdminService } from "../src/services/routingAdmin.ts";
import { supervisorService } from "../src/services/supervisor.ts";
import { createStore, openDatabase } from "../src/store/index.ts";
import { inArray } from "../src/store/orm.ts";
import { makeAnalysis, makePost } from "../test/support/factories.ts";

const QUEUES = 10;
const AGENTS = 50;
const BATCH = 1000;
const WARMUP = 5;
const REQUESTS = 50;
const OVERVIEW_REQUESTS = 5;

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

/** The supervisor's view over `items` waiting items, beside the routing overview. */
export async function benchSupervisor(items: number) {
  const database = await openDatabase({ dataDir: ":memory:" });
  await database.migrate();
  const store = createStore(database);
  const engine = routingEngine({ store, bus: createMemoryBus(), clock: systemClock });
  const workspace = await store.workspaces.create({ name: "Bench", brandHandles: ["lumenhelp"] });
  const queueIds: string[] = [];
  for (let q = 0; q < QUEUES; q++) {
    const queue = await store.routing.createQueue(workspace.id, {
      name: `Queue ${q}`,
      requiredSkills: [],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    queueIds.push(queue.id);
  }
  let boss: { id: string; email: string; name: string; role: "supervisor" } | undefined;
  for (let i = 0; i < AGENTS; i++) {
    const user = await store.users.create({
      workspaceId: workspace.id,
      email: `a${i}@example.com`,
      name: `Agent ${i}`,
      role: i === 0 ? "supervisor" : "agent",
      passwordHash: "x",
    });
    if (i === 0) boss = { id: user.id, email: user.email, name: user.name, role: "supervisor" };
    await store.routing.saveProfile(workspace.id, user.id, {
      capacity: 3,
      presence: "available",
      at: new Date(),
    });
  }
  const filling = performance.now();
  const { workItems } = database.t;
  for (let start = 0; start < items; start += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, j) => ({
      post: makePost({ text: `@lumenhelp help ${start + j}` }),
      analysis: makeAnalysis({ priority: (start + j) % 97 }),
      campaignIds: [],
    }));
    const result = await store.ingest(workspace.id, batch);
    // Each batch waits in one queue, queued over the last few hours.
    await database.db
      .update(workItems)
      .set({
        queue: queueIds[(start / BATCH) % QUEUES]!,
        queuedAt: new Date(Date.now() - (items - start) * 100),
      })
      .where(
        inArray(
          workItems.id,
          result.workItems.map((w) => w.id),
        ),
      );
  }
  const fillS = (performance.now() - filling) / 1000;

  const principal = { user: boss!, workspace: (await store.workspaces.get(workspace.id))! };
  const supervisor = supervisorService(store, systemClock);
  const admin = routingAdminService(store, engine, systemClock);

  async function time(calls: number, fn: () => Promise<unknown>): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
    return out;
  }

  await time(WARMUP, () => supervisor.view(principal));
  const seen = await supervisor.view(principal);
  const waiting = seen.queues.reduce((sum, q) => sum + q.waiting, 0);
  if (waiting !== items) throw new Error(`expected ${items} waiting, the view counts ${waiting}`);
  const view = await time(REQUESTS, () => supervisor.view(principal));
  const overview = await time(OVERVIEW_REQUESTS, () => admin.overview(principal));
  await database.close();

  return {
    store: "sqlite",
    waiting_items: items,
    queues: QUEUES,
    agents: AGENTS,
    fill_s: Number(fillS.toFixed(1)),
    supervisor_view_p50_ms: Number(quantile(view, 0.5).toFixed(1)),
    supervisor_view_p99_ms: Number(quantile(view, 0.99).toFixed(1)),
    requests: REQUESTS,
    routing_overview_p50_ms: Number(quantile(overview, 0.5).toFixed(1)),
    overview_requests: OVERVIEW_REQUESTS,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSupervisor(100_000);
  console.log(result);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/supervisor.json", import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
