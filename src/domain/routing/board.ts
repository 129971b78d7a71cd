/**
 * The routing decision, pure: which waiting item goes to which available agent (push), and which
 * item an agent takes next (pull). The store loads a workspace's board; the services apply the
 * decisions under row locks with the moves in `offers.ts`.
 *
 * Order inside a queue: priority (highest first), then waiting time (longest first), then id.
 * Best agent for an item: qualified for the item's queue (every required skill), room left for
 * the item's weight, then the highest proficiency on those skills, the most free capacity, and
 * the longest idle.
 */
import { type AgentSkill, type Skill, skillMatch } from "./skills.ts";

export const PRESENCES = ["available", "away", "offline"] as const;
export type Presence = (typeof PRESENCES)[number];

export interface RoutingAgent {
  id: string;
  presence: Presence;
  skills: readonly AgentSkill[];
  /** Weight units the agent handles at once (a social item weighs 1 unless its channel says more). */
  capacity: number;
  /** Since when the agent has had nothing new (ms): the longest idle is offered first. */
  idleSince: number;
}

export interface RoutingQueue {
  id: string;
  requiredSkills: readonly Skill[];
  overflowQueueId: string | null;
  overflowAfterMs: number | null;
}

export interface RoutingItem {
  id: string;
  queueId: string | null;
  priority: number;
  /** When the item started waiting in its queues (ms). */
  waitingSince: number;
  channel: string;
  /** The agent holding the item (reserved), or null. */
  holderId: string | null;
  /** The agent the item is offered to, or null. */
  offeredTo: string | null;
  /** Agents who declined it: push routing does not offer it to them again. */
  declinedBy?: readonly string[];
}

/** Weight of an item per channel (e.g. a private message 2, a public post 1); 1 when unlisted. */
export type ChannelWeights = Readonly<Record<string, number>>;

export interface Board {
  agents: readonly RoutingAgent[];
  queues: ReadonlyMap<string, RoutingQueue>;
  /** The open items: waiting, offered or held. */
  items: readonly RoutingItem[];
  weights: ChannelWeights;
}

export interface Offer {
  itemId: string;
  agentId: string;
}

export function itemWeight(item: Pick<RoutingItem, "channel">, weights: ChannelWeights): number {
  return weights[item.channel] ?? 1;
}

/** An item nobody holds or is offered, in a queue. */
export function isWaiting(item: RoutingItem): boolean {
  return item.queueId !== null && item.holderId === null && item.offeredTo === null;
}

/** Priority first, then the longest waiting, then id: the order of a queue. */
export function queueOrder(a: RoutingItem, b: RoutingItem): number {
  return (
    b.priority - a.priority || a.waitingSince - b.waitingSince || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** What each agent carries now: the weight of the items they hold or are offered. */
export function agentLoads(items: readonly RoutingItem[], weights: ChannelWeights): Map<string, number> {
  const loads = new Map<string, number>();
  for (const item of items) {
    const agent = item.holderId ?? item.offeredTo;
    if (agent) loads.set(agent, (loads.get(agent) ?? 0) + itemWeight(item, weights));
  }
  return loads;
}

interface Candidate {
  agent: RoutingAgent;
  score: number;
}

/** Per queue, the available agents qualified for it with their proficiency on its skills. */
function candidatesByQueue(board: Board): Map<string, Candidate[]> {
  const byQueue = new Map<string, Candidate[]>();
  for (const queue of board.queues.values()) {
    const list: Candidate[] = [];
    for (const agent of board.agents) {
      if (agent.presence !== "available") continue;
      const score = skillMatch(agent.skills, queue.requiredSkills);
      if (score !== null) list.push({ agent, score });
    }
    byQueue.set(queue.id, list);
  }
  return byQueue;
}

function better(a: Candidate, b: Candidate, freeA: number, freeB: number): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (freeA !== freeB) return freeA > freeB;
  if (a.agent.idleSince !== b.agent.idleSince) return a.agent.idleSince < b.agent.idleSince;
  return a.agent.id < b.agent.id;
}

function pick(
  candidates: readonly Candidate[],
  loads: Map<string, number>,
  weight: number,
  declined: readonly string[] = [],
): RoutingAgent | null {
  let best: Candidate | null = null;
  let bestFree = 0;
  for (const c of candidates) {
    if (declined.length && declined.includes(c.agent.id)) continue;
    const free = c.agent.capacity - (loads.get(c.agent.id) ?? 0);
    if (free < weight) continue;
    if (!best || better(c, best, free, bestFree)) {
      best = c;
      bestFree = free;
    }
  }
  return best?.agent ?? null;
}

/** The best agent for one item now, or null when no qualified available agent has room. */
export function bestAgentFor(board: Board, item: RoutingItem): RoutingAgent | null {
  if (!item.queueId) return null;
  const candidates = candidatesByQueue(board).get(item.queueId) ?? [];
  return pick(
    candidates,
    agentLoads(board.items, board.weights),
    itemWeight(item, board.weights),
    item.declinedBy,
  );
}

/**
 * Push routing: offers for the waiting items, best first, each to the best agent with room at
 * that point. An item left without an offer had no qualified agent with room, so after a plan no
 * waiting item could have been offered (to an agent who had not declined it).
 */
export function planOffers(board: Board): Offer[] {
  const candidates = candidatesByQueue(board);
  const loads = agentLoads(board.items, board.weights);
  let room = 0;
  for (const list of candidates.values()) {
    for (const c of list) room = Math.max(room, c.agent.capacity - (loads.get(c.agent.id) ?? 0));
  }
  if (room <= 0) return [];
  const waiting = board.items.filter(isWaiting).sort(queueOrder);
  const offers: Offer[] = [];
  for (const item of waiting) {
    const list = candidates.get(item.queueId!);
    if (!list || list.length === 0) continue;
    const weight = itemWeight(item, board.weights);
    const agent = pick(list, loads, weight, item.declinedBy);
    if (!agent) continue;
    loads.set(agent.id, (loads.get(agent.id) ?? 0) + weight);
    offers.push({ itemId: item.id, agentId: agent.id });
  }
  return offers;
}

/**
 * Pull: the item an agent takes next. An item already offered to them comes first; otherwise the
 * best waiting item of a queue they qualify for that fits their free capacity. Presence does not
 * matter: an agent who asks is working.
 */
export function nextItemFor(board: Board, agentId: string): RoutingItem | null {
  const agent = board.agents.find((a) => a.id === agentId);
  if (!agent) return null;
  const offered = board.items.filter((i) => i.offeredTo === agentId).sort(queueOrder);
  if (offered[0]) return offered[0];
  const load = agentLoads(board.items, board.weights).get(agentId) ?? 0;
  const free = agent.capacity - load;
  let best: RoutingItem | null = null;
  for (const item of board.items) {
    if (!isWaiting(item) || itemWeight(item, board.weights) > free) continue;
    const queue = board.queues.get(item.queueId!);
    if (!queue || skillMatch(agent.skills, queue.requiredSkills) === null) continue;
    if (!best || queueOrder(item, best) < 0) best = item;
  }
  return best;
}

/** The queue a waiting item overflows to now, or null when it stays. */
export function overflowTarget(queue: RoutingQueue, item: RoutingItem, now: number): string | null {
  if (!queue.overflowQueueId || queue.overflowAfterMs === null || !isWaiting(item)) return null;
  return now - item.waitingSince >= queue.overflowAfterMs ? queue.overflowQueueId : null;
}

/**
 * Estimated wait of a queue's next arrival: the items ahead of it divided by the recent handling
 * rate (items closed from the queue per ms over the window). Null when nothing was handled lately,
 * so no figure is invented.
 */
export function estimatedWaitMs(waiting: number, handledInWindow: number, windowMs: number): number | null {
  if (handledInWindow <= 0 || windowMs <= 0) return null;
  return Math.round(((waiting + 1) * windowMs) / handledInWindow);
}
