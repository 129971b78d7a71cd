import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isParleyError } from "../../errors.ts";
import {
  agentLoads,
  type Board,
  bestAgentFor,
  isWaiting,
  itemWeight,
  nextItemFor,
  overflowTarget,
  type Presence,
  planOffers,
  type RoutingAgent,
  type RoutingItem,
  type RoutingQueue,
} from "./board.ts";
import { acceptMove, assertCanTake, offerMove, withdrawMove } from "./offers.ts";
import { type AgentSkill, qualifies } from "./skills.ts";

const OFFER_TTL = 30_000;
const WEIGHTS = { public: 1, private: 2 };
const QUEUES: RoutingQueue[] = [
  {
    id: "q-en",
    requiredSkills: [{ kind: "language", value: "en" }],
    overflowQueueId: "q-any",
    overflowAfterMs: 300_000,
  },
  {
    id: "q-fr-vip",
    requiredSkills: [
      { kind: "language", value: "fr" },
      { kind: "vip", value: "yes" },
    ],
    overflowQueueId: null,
    overflowAfterMs: null,
  },
  { id: "q-any", requiredSkills: [], overflowQueueId: null, overflowAfterMs: null },
];
const QUEUE_MAP = new Map(QUEUES.map((q) => [q.id, q]));

interface SimItem extends RoutingItem {
  state: "new" | "reserved" | "handled";
  offerExpiresAt: number | null;
}

const skillArb: fc.Arbitrary<AgentSkill[]> = fc
  .subarray(
    [
      { kind: "language", value: "en" },
      { kind: "language", value: "fr" },
      { kind: "vip", value: "yes" },
    ] as const,
    { minLength: 0 },
  )
  .chain((skills) =>
    fc
      .tuple(...skills.map(() => fc.integer({ min: 1, max: 5 })))
      .map((levels) => skills.map((s, i) => ({ ...s, proficiency: levels[i]! }))),
  );

const agentsArb = fc.array(
  fc.record({
    skills: skillArb,
    capacity: fc.integer({ min: 1, max: 4 }),
    presence: fc.constantFrom<Presence>("available", "away", "offline"),
  }),
  { minLength: 1, maxLength: 5 },
);

const index = fc.nat({ max: 40 });
const commandArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("arrive" as const),
      queue: fc.nat({ max: 2 }),
      priority: fc.integer({ min: 1, max: 3 }),
      channel: fc.constantFrom("public", "private"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("accept" as const), agent: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("decline" as const), agent: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 1000, max: 400_000 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("presence" as const),
      agent: index,
      presence: fc.constantFrom<Presence>("available", "away", "offline"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("resolve" as const), agent: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("newPost" as const), item: index }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("toQueue" as const), item: index, queue: fc.nat({ max: 2 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("toAgent" as const), item: index, agent: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pull" as const), agent: index }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

class Simulation {
  now = 1_000_000;
  seq = 0;
  items: SimItem[] = [];
  agents: RoutingAgent[];
  offers = 0;
  accepts = 0;
  constructor(agents: { skills: AgentSkill[]; capacity: number; presence: Presence }[]) {
    this.agents = agents.map((a, i) => ({ id: `a${i}`, ...a, idleSince: 0 }));
  }
  board(): Board {
    return {
      agents: this.agents,
      queues: QUEUE_MAP,
      items: this.items.filter((i) => i.state !== "handled"),
      weights: WEIGHTS,
    };
  }
  agent(i: number): RoutingAgent {
    return this.agents[i % this.agents.length]!;
  }
  item(i: number): SimItem | undefined {
    return this.items.length ? this.items[i % this.items.length] : undefined;
  }
  lock(item: SimItem) {
    return {
      state: item.state,
      assigneeId: item.holderId,
      offeredTo: item.offeredTo,
      offerExpiresAt: item.offerExpiresAt,
    };
  }
  clearOffer(item: SimItem, agentId: string | null) {
    const undo = withdrawMove(this.lock(item), agentId);
    if (undo) Object.assign(item, undo);
  }
  hold(item: SimItem, agentId: string) {
    Object.assign(item, { state: "reserved", holderId: agentId, offeredTo: null, offerExpiresAt: null });
  }

  apply(command: Command): void {
    switch (command.kind) {
      case "arrive":
        this.items.push({
          id: `i${String(this.seq++).padStart(4, "0")}`,
          queueId: QUEUES[command.queue]!.id,
          priority: command.priority,
          waitingSince: this.now,
          channel: command.channel,
          holderId: null,
          offeredTo: null,
          offerExpiresAt: null,
          state: "new",
        });
        this.now += 1;
        return;
      case "accept":
      case "decline": {
        const agent = this.agent(command.agent);
        const item = this.items.find((i) => i.offeredTo === agent.id);
        if (!item) return;
        if (command.kind === "decline") {
          this.clearOffer(item, agent.id);
          item.declinedBy = [...(item.declinedBy ?? []), agent.id];
          return;
        }
        const move = acceptMove(this.lock(item), agent.id, this.now);
        Object.assign(item, { ...move, holderId: move.assigneeId, offeredTo: null, offerExpiresAt: null });
        this.accepts++;
        return;
      }
      case "tick":
        this.now += command.ms;
        for (const item of this.items) {
          if (item.state === "new" && item.offeredTo && item.offerExpiresAt! <= this.now) {
            // An accept after the expiry is refused; the timer then puts the item back.
            expect(() => acceptMove(this.lock(item), item.offeredTo!, this.now)).toThrow();
            this.clearOffer(item, null);
          }
          const queue = item.queueId ? QUEUE_MAP.get(item.queueId) : undefined;
          const target = queue && item.state === "new" ? overflowTarget(queue, item, this.now) : null;
          if (target) item.queueId = target;
        }
        return;
      case "presence": {
        const agent = this.agent(command.agent);
        agent.presence = command.presence;
        if (command.presence === "available") {
          agent.idleSince = this.now;
        } else {
          for (const item of this.items) if (item.offeredTo === agent.id) this.clearOffer(item, agent.id);
        }
        return;
      }
      case "resolve": {
        const agent = this.agent(command.agent);
        const item = this.items.find((i) => i.holderId === agent.id && i.state === "reserved");
        if (!item) return;
        Object.assign(item, { state: "handled", holderId: null });
        agent.idleSince = this.now;
        return;
      }
      case "newPost": {
        const item = this.item(command.item);
        if (item?.state !== "handled") return;
        Object.assign(item, {
          state: "new",
          waitingSince: this.now,
          holderId: null,
          offeredTo: null,
          offerExpiresAt: null,
        });
        return;
      }
      case "toQueue": {
        const item = this.item(command.item);
        if (!item || item.state === "handled") return;
        Object.assign(item, {
          state: "new",
          queueId: QUEUES[command.queue]!.id,
          holderId: null,
          offeredTo: null,
          offerExpiresAt: null,
        });
        return;
      }
      case "toAgent":
      case "pull": {
        const agent = this.agent(command.agent);
        let item: SimItem | undefined;
        if (command.kind === "pull") {
          const next = nextItemFor(this.board(), agent.id);
          if (!next) return;
          item = this.items.find((i) => i.id === next.id);
        } else {
          item = this.item(command.item);
        }
        if (!item || item.state === "handled") return;
        try {
          assertCanTake(this.board(), agent.id, item);
        } catch (err) {
          if (command.kind === "pull") throw err; // pull only proposes what the agent can take
          if (isParleyError(err, "agent_at_capacity") || isParleyError(err, "agent_lacks_skills")) return;
          throw err;
        }
        this.hold(item, agent.id);
        return;
      }
    }
  }

  /** Push routing after every event: plan, check the plan's order, apply the offers. */
  route(): void {
    const before = this.board();
    const waiting = before.items.filter(isWaiting);
    const plan = planOffers(before);
    const offered = new Set(plan.map((o) => o.itemId));
    for (const o of plan) {
      const b = this.items.find((i) => i.id === o.itemId)!;
      // FIFO: an older waiting item of the same queue, priority and weight is offered too (unless
      // the agent chosen declined it before).
      for (const a of waiting) {
        if (
          a.queueId === b.queueId &&
          a.priority === b.priority &&
          itemWeight(a, WEIGHTS) === itemWeight(b, WEIGHTS) &&
          a.waitingSince < b.waitingSince &&
          !a.declinedBy?.includes(o.agentId)
        ) {
          expect(offered.has(a.id), `${a.id} waited longer than ${b.id}`).toBe(true);
        }
      }
      Object.assign(b, offerMove(this.lock(b), o.agentId, this.now, OFFER_TTL));
      this.offers++;
    }
  }

  checkInvariants(): void {
    const board = this.board();
    const loads = agentLoads(board.items, WEIGHTS);
    for (const agent of this.agents) {
      expect(loads.get(agent.id) ?? 0, `capacity of ${agent.id}`).toBeLessThanOrEqual(agent.capacity);
    }
    for (const item of this.items.filter((i) => i.state !== "handled")) {
      // Never held by one and offered to another at once; held means reserved.
      expect(item.holderId !== null && item.offeredTo !== null).toBe(false);
      expect(item.holderId !== null).toBe(item.state === "reserved");
      const who = item.holderId ?? item.offeredTo;
      if (who) {
        const agent = this.agents.find((a) => a.id === who)!;
        expect(
          qualifies(agent.skills, QUEUE_MAP.get(item.queueId!)!.requiredSkills),
          `${who} qualified for ${item.queueId}`,
        ).toBe(true);
      }
      if (item.offeredTo)
        expect(this.agents.find((a) => a.id === item.offeredTo)!.presence).toBe("available");
      // Every waiting item is offered while a qualified available agent has room.
      if (isWaiting(item)) expect(bestAgentFor(board, item), `${item.id} left waiting`).toBeNull();
    }
  }
}

describe("routing over random sequences of events", () => {
  const runs = 500;
  it(`keeps its invariants (${runs} sequences of 20 to 80 events)`, () => {
    let offers = 0;
    let accepts = 0;
    fc.assert(
      fc.property(agentsArb, fc.array(commandArb, { minLength: 20, maxLength: 80 }), (agents, commands) => {
        const sim = new Simulation(agents);
        for (const command of commands) {
          sim.apply(command);
          sim.route();
          sim.checkInvariants();
        }
        offers += sim.offers;
        accepts += sim.accepts;
      }),
      { numRuns: runs },
    );
    // The sequences exercised what they claim to.
    expect(offers).toBeGreaterThan(runs);
    expect(accepts).toBeGreaterThan(runs / 4);
  });
});
