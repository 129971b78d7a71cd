/**
 * `routing_decisions_per_s`: push routing with the store in the loop at contact-center scale, on
 * the embedded store (and on PostgreSQL when DATABASE_URL is set): 500 agents, 50 queues (ten
 * languages × five topics), 100,000 waiting items. Then rounds of a stream: new items arrive,
 * agents accept what they were offered and finish some of what they hold, a few change presence,
 * and push routing runs. A decision is an offer applied (item to agent, under the locks, with its
 * timer and event, announced). Figure: decisions over the time spent in `dispatch`, per run; the
 * median of the runs is printed with each run beside it.
 *
 * Run: node bench/routingDecisions.ts   (writes bench/results/routing_decisions.json)
 * PARLEY_BENCH_ROUTING_ITEMS shortens it (default 100,000 waiting items).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createMemoryBus } from "../src/bus/index.ts";
import { systemClock } from "../src/domain/clock.ts";
import { routingEngine } from "../src/services/routing.ts";
import { createStore, type Database, openDatabase } from "../src/store/index.ts";
import { sql } from "../src/store/orm.ts";
import { freshPostgresUrl } from "../test/support/databases.ts";
import { makeAnalysis, makePost } from "../test/support/factories.ts";

const AGENTS = 500;
const LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "sv", "da"];
const TOPICS = ["billing", "network", "device", "account", "shop"];
const ITEMS = Number(process.env.PARLEY_BENCH_ROUTING_ITEMS ?? 100_000);
const ROUNDS = 12;
const ARRIVALS = 300;
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A small deterministic generator, so every run and both stores see the same stream. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function run(database: Database, seed: number) {
  await database.migrate();
  const store = createStore(database);
  const engine = routingEngine({ store, bus: createMemoryBus(), clock: systemClock });
  const rand = random(seed);
  const workspace = await store.workspaces.create({ name: `Routing ${seed}`, brandHandles: ["lumenhelp"] });
  const ws = workspace.id;
  const queues: string[] = [];
  for (const language of LANGUAGES)
    for (const topic of TOPICS) {
      const q = await store.routing.createQueue(ws, {
        name: `${language}-${topic}`,
        requiredSkills: [
          { kind: "language", value: language },
          { kind: "topic", value: topic },
        ],
        overflowQueueId: null,
        overflowAfterMs: null,
      });
      queues.push(q.id);
    }
  const agents: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const user = await store.users.create({
      workspaceId: ws,
      email: `agent${seed}-${i}@example.com`,
      name: `Agent ${i}`,
      role: "agent",
      passwordHash: "x",
    });
    agents.push(user.id);
    await store.routing.saveProfile(ws, user.id, {
      skills: [
        { kind: "language", value: LANGUAGES[i % 10]!, proficiency: 1 + (i % 5) },
        { kind: "language", value: LANGUAGES[(i + 3) % 10]!, proficiency: 2 },
        { kind: "topic", value: TOPICS[i % 5]!, proficiency: 3 },
        { kind: "topic", value: TOPICS[(i + 2) % 5]!, proficiency: 1 },
      ],
      capacity: 3,
      presence: "available",
      at: new Date(),
    });
  }
  let made = 0;
  const arrive = async (count: number) => {
    for (let start = 0; start < count; start += 1000) {
      const size = Math.min(1000, count - start);
      const result = await store.ingest(
        ws,
        Array.from({ length: size }, () => ({
          post: makePost({ text: `@lumenhelp help ${made++}` }),
          analysis: makeAnalysis({ priority: Math.floor(rand() * 100) }),
          campaignIds: [],
        })),
      );
      const now = Date.now();
      await store.transaction(async (tx) => {
        for (const item of result.workItems)
          await tx.routing.setQueue(ws, item.id, queues[Math.floor(rand() * queues.length)]!, now);
      });
    }
  };
  await arrive(ITEMS);

  let decisions = 0;
  let dispatchMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // What happened since the last round, outside the timing: offers accepted, a third of the
    // held items finished, a few agents away or back, new items in.
    await database.rows(sql`update work_items set state = 'reserved', assignee_id = offered_to,
      offered_to = null, offer_expires_at = null where workspace_id = ${ws} and state = 'new'
      and offered_to is not null`);
    const held = await database.rows<{ id: string }>(
      sql`select id from work_items where workspace_id = ${ws} and state = 'reserved'`,
    );
    const done = held.filter(() => rand() < 0.34).map((r) => r.id);
    for (let i = 0; i < done.length; i += 500) {
      const ids = done.slice(i, i + 500);
      await database.rows(
        sql`update work_items set state = 'handled', closed_at = ${database.dialect === "postgres" ? new Date() : Date.now()}
          where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
      );
    }
    for (let i = 0; i < 25; i++) {
      const agent = agents[Math.floor(rand() * agents.length)]!;
      await engine.setPresence(ws, agent, rand() < 0.5 ? "away" : "available");
    }
    await arrive(ARRIVALS);
    const started = performance.now();
    decisions += await engine.dispatch(ws);
    dispatchMs += performance.now() - started;
  }
  return { decisions, dispatchMs, perSecond: decisions / (dispatchMs / 1000) };
}

async function measure(name: "sqlite" | "postgres") {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    if (name === "sqlite") {
      const database = await openDatabase({ dataDir: ":memory:" });
      try {
        runs.push(await run(database, i + 1));
      } finally {
        await database.close();
      }
    } else {
      const fresh = await freshPostgresUrl(process.env.DATABASE_URL!);
      const database = await openDatabase({ url: fresh.url });
      try {
        runs.push(await run(database, i + 1));
      } finally {
        await database.close();
        await fresh.drop();
      }
    }
  }
  return {
    routing_decisions_per_s: Math.round(median(runs.map((r) => r.perSecond))),
    runs: runs.map((r) => ({
      decisions: r.decisions,
      dispatch_ms: Math.round(r.dispatchMs),
      per_s: Math.round(r.perSecond),
    })),
  };
}

export async function benchRoutingDecisions() {
  const sqlite = await measure("sqlite");
  const postgres = process.env.DATABASE_URL ? await measure("postgres") : null;
  return {
    agents: AGENTS,
    queues: LANGUAGES.length * TOPICS.length,
    waiting_items: ITEMS,
    rounds: ROUNDS,
    routing_decisions_per_s: sqlite.routing_decisions_per_s,
    sqlite,
    postgres,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchRoutingDecisions();
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/routing_decisions.json", import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
