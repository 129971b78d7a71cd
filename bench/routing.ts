/**
 * The routing decision on its own (pure, no store): 50 agents, 5,000 open items in 10 queues.
 *
 * - `plan`: push routing over the whole board (every item waiting, agents with room for about a
 *   third of them), reported per waiting item considered and per offer made.
 * - `pull`: one agent's next best item over the same board.
 * - `plan_when_all_full`: the plan on a board where every agent is full but one, with room for
 *   one item, the common case in a busy contact center (an item was just resolved).
 *
 * Times are this process's CPU time (the machines are shared), medians of RUNS runs.
 * Run: node bench/routing.ts   (writes bench/results/routing.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRandom } from "../src/connectors/demo/random.ts";
import {
  type Board,
  nextItemFor,
  planOffers,
  type RoutingAgent,
  type RoutingItem,
} from "../src/domain/routing/board.ts";
import type { AgentSkill, Skill } from "../src/domain/routing/skills.ts";

const RUNS = 7;
const AGENTS = 50;
const ITEMS = 5000;
const LANGUAGES = ["en", "fr", "de", "es", "it"];
const TOPICS = ["billing", "network"];

function cpuMs<T>(fn: () => T): { ms: number; result: T } {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function makeBoard(seed: number): Board {
  const rng = createRandom(seed);
  const random = rng.next;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const queues = new Map<
    string,
    { id: string; requiredSkills: Skill[]; overflowQueueId: null; overflowAfterMs: null }
  >();
  for (const language of LANGUAGES) {
    for (const topic of TOPICS) {
      const id = `q-${language}-${topic}`;
      queues.set(id, {
        id,
        requiredSkills: [
          { kind: "language", value: language },
          { kind: "topic", value: topic },
        ],
        overflowQueueId: null,
        overflowAfterMs: null,
      });
    }
  }
  const agents: RoutingAgent[] = Array.from({ length: AGENTS }, (_, i) => {
    const skills: AgentSkill[] = [];
    for (const language of LANGUAGES)
      if (random() < 0.4)
        skills.push({ kind: "language", value: language, proficiency: 1 + Math.floor(random() * 5) });
    for (const topic of TOPICS)
      if (random() < 0.7)
        skills.push({ kind: "topic", value: topic, proficiency: 1 + Math.floor(random() * 5) });
    return {
      id: `a${i}`,
      presence: random() < 0.8 ? "available" : "away",
      skills,
      capacity: 3 + Math.floor(random() * 3),
      idleSince: Math.floor(random() * 1e6),
    };
  });
  const queueIds = [...queues.keys()];
  const items: RoutingItem[] = Array.from({ length: ITEMS }, (_, i) => ({
    id: `i${i}`,
    queueId: pick(queueIds),
    priority: Math.floor(random() * 100),
    waitingSince: Math.floor(random() * 1e6),
    channel: random() < 0.8 ? "public" : "private",
    holderId: null,
    offeredTo: null,
  }));
  return { agents, queues, items, weights: { public: 1, private: 2 } };
}

const plans: number[] = [];
const pulls: number[] = [];
const arrivals: number[] = [];
let offers = 0;
for (let run = 0; run < RUNS; run++) {
  const board = makeBoard(run + 1);
  const plan = cpuMs(() => planOffers(board));
  plans.push(plan.ms);
  offers = plan.result.length;
  const pull = cpuMs(() => {
    for (const agent of board.agents.slice(0, 10)) nextItemFor(board, agent.id);
  });
  pulls.push(pull.ms / 10);
  // Fill every agent but one with the plan's offers, then route one arrival.
  const offered = new Map(plan.result.slice(0, -1).map((o) => [o.itemId, o.agentId]));
  const full: Board = {
    ...board,
    items: board.items.map((i) => ({ ...i, offeredTo: offered.get(i.id) ?? null })),
  };
  const arrival = cpuMs(() => planOffers(full));
  arrivals.push(arrival.ms);
}

const result = {
  agents: AGENTS,
  open_items: ITEMS,
  queues: LANGUAGES.length * TOPICS.length,
  offers_per_plan: offers,
  plan_ms: Number(median(plans).toFixed(2)),
  plan_us_per_item: Number(((median(plans) * 1000) / ITEMS).toFixed(2)),
  plan_us_per_offer: Number(((median(plans) * 1000) / Math.max(1, offers)).toFixed(2)),
  pull_ms: Number(median(pulls).toFixed(3)),
  plan_when_all_full_ms: Number(median(arrivals).toFixed(2)),
  runs: RUNS,
};
console.log(result);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/routing.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
