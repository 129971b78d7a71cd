/**
 * Push routing with the store in the loop, on the embedded store: 50 agents, 5,000 open items in
 * 10 queues. Loads the board, plans, and applies every offer in its own transaction under the
 * item's and the agent's locks (as the dispatch job does). Prints the board's load time and the
 * time per offer applied; wall-clock, median of RUNS runs on fresh databases.
 *
 * Run: node bench/routingStore.ts   (writes bench/results/routing_store.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createMemoryBus } from "../src/bus/index.ts";
import { systemClock } from "../src/domain/clock.ts";
import { routingEngine } from "../src/services/routing.ts";
import { createStore, openDatabase } from "../src/store/index.ts";
import { makeAnalysis, makePost } from "../test/support/factories.ts";

const RUNS = 3;
const AGENTS = 50;
const ITEMS = 5000;
const LANGUAGES = ["en", "fr", "de", "es", "it"];
const TOPICS = ["billing", "network"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(seed: number) {
  const database = await openDatabase({ dataDir: ":memory:" });
  await database.migrate();
  const store = createStore(database);
  const engine = routingEngine({ store, bus: createMemoryBus(), clock: systemClock });
  const workspace = await store.workspaces.create({ name: `Bench ${seed}`, brandHandles: ["lumenhelp"] });
  const queueIds: string[] = [];
  for (const language of LANGUAGES) {
    for (const topic of TOPICS) {
      const q = await store.routing.createQueue(workspace.id, {
        name: `${language}-${topic}`,
        requiredSkills: [
          { kind: "language", value: language },
          { kind: "topic", value: topic },
        ],
        overflowQueueId: null,
        overflowAfterMs: null,
      });
      queueIds.push(q.id);
    }
  }
  for (let i = 0; i < AGENTS; i++) {
    const user = await store.users.create({
      workspaceId: workspace.id,
      email: `a${seed}-${i}@example.com`,
      name: `Agent ${i}`,
      role: "agent",
      passwordHash: "x",
    });
    const skills = [
      { kind: "language" as const, value: LANGUAGES[i % LANGUAGES.length]!, proficiency: 1 + (i % 5) },
      { kind: "language" as const, value: LANGUAGES[(i + 2) % LANGUAGES.length]!, proficiency: 2 },
      { kind: "topic" as const, value: TOPICS[i % 2]!, proficiency: 3 },
      ...(i % 3 === 0 ? [{ kind: "topic" as const, value: TOPICS[(i + 1) % 2]!, proficiency: 1 }] : []),
    ];
    await store.routing.saveProfile(workspace.id, user.id, {
      skills,
      capacity: 3 + (i % 3),
      presence: "available",
      at: new Date(),
    });
  }
  for (let start = 0; start < ITEMS; start += 500) {
    const batch = Array.from({ length: 500 }, (_, j) => ({
      post: makePost({ text: `@lumenhelp help ${start + j}` }),
      analysis: makeAnalysis({ priority: (start + j) % 97 }),
      campaignIds: [],
    }));
    const result = await store.ingest(workspace.id, batch);
    await store.transaction(async (tx) => {
      for (const [k, w] of result.workItems.entries())
        await tx.routing.setQueue(
          workspace.id,
          w.id,
          queueIds[(start + k) % queueIds.length]!,
          Date.now() - k,
        );
    });
  }
  const loadStart = performance.now();
  await store.routing.board(workspace.id);
  const loadMs = performance.now() - loadStart;
  const start = performance.now();
  const offers = await engine.dispatch(workspace.id);
  const dispatchMs = performance.now() - start;
  await database.close();
  return { loadMs, dispatchMs, offers };
}

const results = [];
for (let i = 0; i < RUNS; i++) results.push(await run(i + 1));
const result = {
  agents: AGENTS,
  open_items: ITEMS,
  offers: results[0]!.offers,
  board_load_ms: Number(median(results.map((r) => r.loadMs)).toFixed(1)),
  dispatch_ms: Number(median(results.map((r) => r.dispatchMs)).toFixed(1)),
  ms_per_offer_applied: Number(median(results.map((r) => r.dispatchMs / Math.max(1, r.offers))).toFixed(2)),
  runs: RUNS,
};
console.log(result);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/routing_store.json", import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
