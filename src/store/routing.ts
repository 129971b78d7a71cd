/**
 * Routing's tables: queues, routing rules, agents' profiles (skills, capacity, presence), the
 * workspace's routing settings, and the routing fields of work items (queue, offer). The board a
 * routing decision reads is loaded here; the decision itself is pure (src/domain/routing).
 */

import {
  agentLoads,
  type Board,
  type Presence,
  type RoutingAgent,
  type RoutingItem,
  type RoutingQueue,
} from "../domain/routing/board.ts";
import type { RoutingFacts, RoutingRule, RuleCondition } from "../domain/routing/rules.ts";
import { type AgentSkill, type Skill, skillMatch } from "../domain/routing/skills.ts";
import { DEFAULT_REOPEN_WINDOW_MS, type WorkItemState } from "../domain/workItem.ts";
import { confirmedTier } from "./customerTier.ts";
import { type Executor, forUpdate, type Tables } from "./executor.ts";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, min, ne, sql } from "./orm.ts";
import { type ItemRow, routingRows } from "./routingRows.ts";

export interface QueueRecord extends RoutingQueue {
  name: string;
  requiredSkills: Skill[];
}

export interface RuleRecord extends RoutingRule {
  name: string;
  conditions: RuleCondition[];
}

export interface AgentRecord extends RoutingAgent {
  name: string;
  role: string;
  skills: AgentSkill[];
  presenceAt: number;
  lastActiveAt: number;
}

export interface RoutingSettings {
  channelWeights: Record<string, number>;
  offerTimeoutMs: number;
  idleAwayMs: number;
  /** After a resolve, how long the customer's next post reopens the same item. */
  reopenWindowMs: number;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  channelWeights: { public: 1, private: 1 },
  offerTimeoutMs: 60_000,
  idleAwayMs: 10 * 60_000,
  reopenWindowMs: DEFAULT_REOPEN_WINDOW_MS,
};

export interface RoutingLockRow {
  state: WorkItemState;
  assigneeId: string | null;
  offeredTo: string | null;
  offerExpiresAt: number | null;
  queueId: string | null;
  queuedAt: number | null;
  conversationId: string;
}

const presentQueue = (r: Tables["queues"]["$inferSelect"]): QueueRecord => ({
  id: r.id,
  name: r.name,
  requiredSkills: r.requiredSkills,
  overflowQueueId: r.overflowQueueId,
  overflowAfterMs: r.overflowAfterMs,
});

const presentRule = (r: Tables["routingRules"]["$inferSelect"]): RuleRecord => ({
  id: r.id,
  name: r.name,
  position: r.position,
  queueId: r.queueId,
  enabled: r.enabled,
  conditions: r.conditions,
});

export function routingRepository(x: Executor) {
  const { db } = x;
  const { queues, routingRules, agentProfiles, routingSettings, workItems, posts, authors, campaigns } = x.t;
  const DEFAULT_CAPACITY = 3;

  const fast = routingRows(x);
  const agents = (workspaceId: string, userIds?: string[]): Promise<AgentRecord[]> =>
    fast.agents(workspaceId, userIds);

  async function settings(workspaceId: string): Promise<RoutingSettings> {
    const [row] = await db.select().from(routingSettings).where(eq(routingSettings.workspaceId, workspaceId));
    if (!row) return DEFAULT_ROUTING_SETTINGS;
    return {
      channelWeights: { ...DEFAULT_ROUTING_SETTINGS.channelWeights, ...row.channelWeights },
      offerTimeoutMs: row.offerTimeoutMs,
      idleAwayMs: row.idleAwayMs,
      reopenWindowMs: Number(row.reopenWindowMs),
    };
  }

  async function queueList(workspaceId: string): Promise<QueueRecord[]> {
    return (
      await db.select().from(queues).where(eq(queues.workspaceId, workspaceId)).orderBy(asc(queues.name))
    ).map(presentQueue);
  }

  const presentItem = (r: ItemRow): RoutingItem => ({
    id: r.id,
    queueId: r.queueId,
    priority: r.priority,
    waitingSince: r.queuedAt ?? r.createdAt,
    channel: r.channel,
    holderId: r.state === "reserved" ? r.assigneeId : null,
    offeredTo: r.state === "new" ? r.offeredTo : null,
    declinedBy: r.declinedBy,
  });

  async function boardOf(
    workspaceId: string,
    agentIds: string[] | undefined,
    rows: () => Promise<ItemRow[]>,
  ): Promise<Board & { settings: RoutingSettings }> {
    const [agentList, queueRecords, config, items] = await Promise.all([
      agents(workspaceId, agentIds),
      queueList(workspaceId),
      settings(workspaceId),
      rows(),
    ]);
    return {
      agents: agentList,
      queues: new Map(queueRecords.map((q) => [q.id, q])),
      items: items.map(presentItem),
      weights: config.channelWeights,
      settings: config,
    };
  }

  /** Items held or offered: what the agents carry. Scoped to some agents when named. */
  const carried = (workspaceId: string, agentIds?: string[]) =>
    Promise.all([fast.held(workspaceId, agentIds), fast.offered(workspaceId, agentIds)]).then(
      ([held, offered]) => [...held, ...offered],
    );

  const unique = (rows: ItemRow[]) => {
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  };

  /** The board some agents' capacity and skills see: theirs, the queues, what they carry, and the items named. */
  function agentsBoard(workspaceId: string, agentIds: string[], itemIds: string[]) {
    return boardOf(workspaceId, agentIds, async () => {
      const [mine, wanted] = await Promise.all([
        carried(workspaceId, agentIds),
        fast.open(workspaceId, itemIds),
      ]);
      return unique([...mine, ...wanted]);
    });
  }

  /** Every open item: the whole board (the supervisor's view, pull routing). */
  const loadBoard = (workspaceId: string) => boardOf(workspaceId, undefined, () => fast.allOpen(workspaceId));

  return {
    queues: queueList,
    async queue(workspaceId: string, id: string): Promise<QueueRecord | null> {
      const [row] = await db
        .select()
        .from(queues)
        .where(and(eq(queues.workspaceId, workspaceId), eq(queues.id, id)));
      return row ? presentQueue(row) : null;
    },
    async createQueue(workspaceId: string, input: Omit<QueueRecord, "id">): Promise<QueueRecord> {
      const [row] = await db
        .insert(queues)
        .values({ workspaceId, ...input })
        .returning();
      return presentQueue(row!);
    },
    async updateQueue(
      workspaceId: string,
      id: string,
      patch: Partial<Omit<QueueRecord, "id">>,
    ): Promise<QueueRecord | null> {
      const [row] = await db
        .update(queues)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(queues.workspaceId, workspaceId), eq(queues.id, id)))
        .returning();
      return row ? presentQueue(row) : null;
    },
    /** Deletes a queue; its rules go with it, its items leave it (they wait in no queue). */
    async deleteQueue(workspaceId: string, id: string): Promise<boolean> {
      await db
        .update(workItems)
        .set({ queue: null, queuedAt: null, offeredTo: null, offerExpiresAt: null })
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.queue, id)));
      await db
        .update(queues)
        .set({ overflowQueueId: null, overflowAfterMs: null })
        .where(and(eq(queues.workspaceId, workspaceId), eq(queues.overflowQueueId, id)));
      const rows = await db
        .delete(queues)
        .where(and(eq(queues.workspaceId, workspaceId), eq(queues.id, id)))
        .returning({ id: queues.id });
      return rows.length > 0;
    },

    async rules(workspaceId: string): Promise<RuleRecord[]> {
      return (
        await db
          .select()
          .from(routingRules)
          .where(eq(routingRules.workspaceId, workspaceId))
          .orderBy(asc(routingRules.position), asc(routingRules.id))
      ).map(presentRule);
    },
    async createRule(workspaceId: string, input: Omit<RuleRecord, "id">): Promise<RuleRecord> {
      const [row] = await db
        .insert(routingRules)
        .values({ workspaceId, ...input })
        .returning();
      return presentRule(row!);
    },
    async updateRule(
      workspaceId: string,
      id: string,
      patch: Partial<Omit<RuleRecord, "id">>,
    ): Promise<RuleRecord | null> {
      const [row] = await db
        .update(routingRules)
        .set(patch)
        .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)))
        .returning();
      return row ? presentRule(row) : null;
    },
    async deleteRule(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(routingRules)
        .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)))
        .returning({ id: routingRules.id });
      return rows.length > 0;
    },

    agents,
    settings,
    async saveSettings(workspaceId: string, value: RoutingSettings): Promise<void> {
      await db
        .insert(routingSettings)
        .values({ workspaceId, ...value })
        .onConflictDoUpdate({ target: routingSettings.workspaceId, set: value });
    },
    /** Creates or changes an agent's profile; fields left out keep their value. */
    async saveProfile(
      workspaceId: string,
      userId: string,
      patch: {
        skills?: AgentSkill[];
        capacity?: number;
        presence?: Presence;
        at: Date;
        idle?: boolean;
        active?: boolean;
      },
    ): Promise<void> {
      const set = {
        ...(patch.skills ? { skills: patch.skills } : {}),
        ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
        ...(patch.presence ? { presence: patch.presence, presenceAt: patch.at } : {}),
        ...(patch.idle ? { idleSince: patch.at } : {}),
        ...(patch.active ? { lastActiveAt: patch.at } : {}),
      };
      await db
        .insert(agentProfiles)
        .values({
          userId,
          workspaceId,
          skills: patch.skills ?? [],
          capacity: patch.capacity ?? DEFAULT_CAPACITY,
          presence: patch.presence ?? "offline",
          presenceAt: patch.at,
          lastActiveAt: patch.at,
          idleSince: patch.at,
        })
        .onConflictDoUpdate({
          target: agentProfiles.userId,
          set: Object.keys(set).length ? set : { userId },
        });
    },
    /** Locks an agent's profile row for the transaction (PostgreSQL), so their capacity is checked once at a time. */
    async lockAgent(userId: string): Promise<void> {
      await forUpdate(
        x,
        db
          .select({ userId: agentProfiles.userId })
          .from(agentProfiles)
          .where(eq(agentProfiles.userId, userId)),
      );
    },

    /** Everything a routing decision reads: agents, queues, open items in queues, weights. */
    async board(workspaceId: string): Promise<Board & { settings: RoutingSettings }> {
      return loadBoard(workspaceId);
    },
    /**
     * The board push routing plans on, without reading every waiting item: all agents and queues,
     * the items held or offered (the agents' loads), every waiting item an agent declined, and of
     * each queue its best waiting items in queue order (read from the waiting index): as many as
     * its qualified available agents have room for, plus `extra`. `truncated` names the queues
     * that hold more than were read.
     */
    async dispatchBoard(
      workspaceId: string,
      extra: number,
    ): Promise<{ board: Board & { settings: RoutingSettings }; truncated: Set<string> }> {
      const [agentList, queueRecords, config, load] = await Promise.all([
        agents(workspaceId),
        queueList(workspaceId),
        settings(workspaceId),
        carried(workspaceId),
      ]);
      const loads = agentLoads(load.map(presentItem), config.channelWeights);
      const lightest = Math.min(1, ...Object.values(config.channelWeights).filter((w) => w > 0));
      const truncated = new Set<string>();
      const waiting = await Promise.all(
        queueRecords.map(async (queue) => {
          let room = 0;
          for (const agent of agentList) {
            if (agent.presence !== "available" || skillMatch(agent.skills, queue.requiredSkills) === null)
              continue;
            room += Math.max(0, agent.capacity - (loads.get(agent.id) ?? 0));
          }
          const limit = Math.ceil(room / lightest) + extra;
          if (limit === 0) return [];
          const rows = await fast.waiting(workspaceId, queue.id, limit + 1);
          if (rows.length > limit) {
            truncated.add(queue.id);
            rows.pop();
          }
          return rows;
        }),
      );
      const declined = await fast.declined(workspaceId);
      const rows = unique([...load, ...declined, ...waiting.flat()]);
      return {
        board: {
          agents: agentList,
          queues: new Map(queueRecords.map((q) => [q.id, q])),
          items: rows.map(presentItem),
          weights: config.channelWeights,
          settings: config,
        },
        truncated,
      };
    },
    /**
     * The board as one agent's capacity and skills see it: that agent, the queues, the items they
     * hold or are offered, and `itemId`. What a transfer, a pull or an offer re-checks under its
     * locks, without reading every open item.
     */
    async agentBoard(workspaceId: string, agentId: string, itemId: string) {
      return agentsBoard(workspaceId, [agentId], [itemId]);
    },
    /** `agentBoard` for several agents and items at once: what a batch of offers re-checks. */
    agentsBoard,
    /** Locks agents' profile rows in id order (PostgreSQL), so batches of offers never deadlock. */
    lockAgents: (userIds: string[]): Promise<void> => fast.lockAgents(userIds),
    /** Locks work items in id order for a batch of moves; the rows as `lock` gives them. */
    lockMany: (workspaceId: string, ids: string[]): Promise<Map<string, RoutingLockRow>> =>
      fast.lock(workspaceId, ids),
    /** Offers each item to its agent until `expiresAt`. */
    offerMany: (offers: readonly { itemId: string; agentId: string }[], expiresAt: number, now: number) =>
      fast.offer(offers, expiresAt, now),
    /** Agents given something new: their idle time starts again (they have profiles: only they are offered work). */
    markBusy: (userIds: readonly string[], at: number): Promise<void> => fast.markBusy(userIds, at),
    async lock(workspaceId: string, id: string): Promise<RoutingLockRow | null> {
      const [row] = await forUpdate(
        x,
        db
          .select({
            state: workItems.state,
            assigneeId: workItems.assigneeId,
            offeredTo: workItems.offeredTo,
            offerExpiresAt: workItems.offerExpiresAt,
            queueId: workItems.queue,
            queuedAt: workItems.queuedAt,
            conversationId: workItems.conversationId,
          })
          .from(workItems)
          .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id))),
      );
      if (!row) return null;
      return {
        ...row,
        offerExpiresAt: row.offerExpiresAt?.getTime() ?? null,
        queuedAt: row.queuedAt?.getTime() ?? null,
      };
    },
    /** Sets or clears an item's offer; `declinedBy` adds an agent who said no. */
    async setOffer(
      workspaceId: string,
      id: string,
      offer: { offeredTo: string | null; offerExpiresAt: number | null },
      declinedBy?: string,
    ) {
      await db
        .update(workItems)
        .set({
          ...(declinedBy
            ? {
                declinedBy:
                  x.dialect === "postgres"
                    ? sql`${workItems.declinedBy} || ${JSON.stringify([declinedBy])}::jsonb`
                    : sql`json_insert(${workItems.declinedBy}, '$[#]', ${declinedBy})`,
              }
            : {}),
          offeredTo: offer.offeredTo,
          offerExpiresAt: offer.offerExpiresAt === null ? null : new Date(offer.offerExpiresAt),
          updatedAt: new Date(),
          version: sql`${workItems.version} + 1`,
        })
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id)));
    },
    /** Puts an item in a queue (or none); `queuedAt` starts its wait there. Clears any offer. */
    async setQueue(workspaceId: string, id: string, queueId: string | null, queuedAt: number | null) {
      await db
        .update(workItems)
        .set({
          queue: queueId,
          queuedAt: queuedAt === null ? null : new Date(queuedAt),
          offeredTo: null,
          offerExpiresAt: null,
          declinedBy: [],
          updatedAt: new Date(),
          version: sql`${workItems.version} + 1`,
        })
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id)));
    },
    /** The queue of the conversation's latest handled item before `exceptId`, if any. */
    async handledQueue(
      workspaceId: string,
      conversationId: string,
      exceptId: string,
    ): Promise<string | null> {
      const [row] = await db
        .select({ queue: workItems.queue })
        .from(workItems)
        .where(
          and(
            eq(workItems.workspaceId, workspaceId),
            eq(workItems.conversationId, conversationId),
            eq(workItems.state, "handled"),
            ne(workItems.id, exceptId),
            isNotNull(workItems.queue),
          ),
        )
        .orderBy(desc(workItems.closedAt))
        .limit(1);
      return row?.queue ?? null;
    },
    /** Open items offered to an agent (to withdraw when they go away). */
    async offeredTo(workspaceId: string, agentId: string): Promise<string[]> {
      const rows = await db
        .select({ id: workItems.id })
        .from(workItems)
        .where(
          and(
            eq(workItems.workspaceId, workspaceId),
            eq(workItems.state, "new"),
            eq(workItems.offeredTo, agentId),
          ),
        );
      return rows.map((r) => r.id);
    },

    /** What a routing rule reads of an item: its first post's labels, campaigns, platform, author. */
    async facts(workspaceId: string, id: string): Promise<RoutingFacts | null> {
      const [row] = await db
        .select({
          intent: posts.intent,
          sentiment: posts.sentiment,
          urgency: posts.urgency,
          topic: posts.topic,
          language: posts.language,
          channel: posts.channel,
          platform: posts.platform,
          campaignIds: posts.campaignIds,
          handle: authors.handle,
          followers: authors.followers,
          authorId: authors.id,
        })
        .from(workItems)
        .innerJoin(posts, eq(posts.id, workItems.postId))
        .innerJoin(authors, eq(authors.id, posts.authorId))
        .where(and(eq(workItems.workspaceId, workspaceId), eq(workItems.id, id)));
      if (!row) return null;
      const handle = row.handle.replace(/^@/, "").toLowerCase();
      const vipLists = row.campaignIds.length
        ? await db
            .select({ vip: campaigns.vipAuthors })
            .from(campaigns)
            .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, row.campaignIds)))
        : [];
      // A profile confirmed as a VIP customer's is a VIP author too: the CRM's tier feeds VIP rules.
      const customerTier = await confirmedTier(x, row.authorId);
      return {
        intent: row.intent,
        sentiment: row.sentiment,
        urgency: row.urgency,
        topic: row.topic,
        language: row.language,
        channel: row.channel,
        platform: row.platform,
        campaignIds: row.campaignIds,
        authorHandle: row.handle,
        authorVip:
          customerTier === "vip" ||
          vipLists.some((c) => c.vip.some((v) => v.replace(/^@/, "").toLowerCase() === handle)),
        authorFollowers: row.followers,
        customerTier,
      };
    },

    /** Per queue: items waiting, the oldest wait's start, and items closed since `since`. */
    async queueStats(
      workspaceId: string,
      since: Date,
    ): Promise<Map<string, { waiting: number; oldest: Date | null; handled: number }>> {
      const [waiting, handled] = await Promise.all([
        db
          .select({ queue: workItems.queue, n: count(), oldest: min(workItems.queuedAt) })
          .from(workItems)
          .where(
            and(
              eq(workItems.workspaceId, workspaceId),
              eq(workItems.state, "new"),
              isNotNull(workItems.queue),
            ),
          )
          .groupBy(workItems.queue),
        db
          .select({ queue: workItems.queue, n: count() })
          .from(workItems)
          .where(
            and(
              eq(workItems.workspaceId, workspaceId),
              isNotNull(workItems.queue),
              ne(workItems.state, "new"),
              ne(workItems.state, "reserved"),
              gte(workItems.closedAt, since),
            ),
          )
          .groupBy(workItems.queue),
      ]);
      const stats = new Map<string, { waiting: number; oldest: Date | null; handled: number }>();
      for (const w of waiting)
        stats.set(w.queue!, {
          waiting: Number(w.n),
          oldest: w.oldest ? new Date(w.oldest) : null,
          handled: 0,
        });
      for (const h of handled) {
        const s = stats.get(h.queue!) ?? { waiting: 0, oldest: null, handled: 0 };
        s.handled = Number(h.n);
        stats.set(h.queue!, s);
      }
      return stats;
    },
  };
}
