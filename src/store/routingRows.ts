/**
 * What push routing reads and writes many times per run: work items as routing sees them, their
 * lock rows, the agents, the offers and the agents made busy. Written once per dialect with fixed
 * text (`sqlLists.ts`), so a run of push routing prepares each statement once and builds no query
 * per decision; the embedded store writes row by row with its prepared statements, PostgreSQL in
 * one statement per batch.
 */
import type { SQL } from "drizzle-orm";
import type { Presence } from "../domain/routing/board.ts";
import type { AgentSkill } from "../domain/routing/skills.ts";
import type { WorkItemState } from "../domain/workItem.ts";
import type { Executor } from "./executor.ts";
import { sql } from "./orm.ts";
import { arrayLiteral, millis, oneOf, parsed, timeParam } from "./sqlLists.ts";

export interface ItemRow {
  id: string;
  workspaceId: string;
  queueId: string | null;
  priority: number;
  queuedAt: number | null;
  createdAt: number;
  channel: string;
  state: WorkItemState;
  assigneeId: string | null;
  offeredTo: string | null;
  declinedBy: string[];
}

export interface LockRow {
  id: string;
  state: WorkItemState;
  assigneeId: string | null;
  offeredTo: string | null;
  offerExpiresAt: number | null;
  queueId: string | null;
  queuedAt: number | null;
  conversationId: string;
}

export interface AgentRow {
  id: string;
  name: string;
  role: string;
  skills: AgentSkill[];
  capacity: number;
  presence: Presence;
  presenceAt: number;
  lastActiveAt: number;
  idleSince: number;
}

/** Roles routing offers work to. */
const ROUTED_ROLES = sql.raw("('agent', 'supervisor', 'admin')");
const DEFAULT_CAPACITY = 3;

type Raw = Record<string, unknown>;

const itemOf = (r: Raw): ItemRow => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  queueId: (r.queue as string | null) ?? null,
  priority: Number(r.priority),
  queuedAt: millis(r.queued_at),
  createdAt: millis(r.created_at)!,
  channel: r.channel as string,
  state: r.state as WorkItemState,
  assigneeId: (r.assignee_id as string | null) ?? null,
  offeredTo: (r.offered_to as string | null) ?? null,
  declinedBy: parsed<string[]>(r.declined_by) ?? [],
});

export function routingRows(x: Executor) {
  const pg = x.dialect === "postgres";
  const col = (name: string) => sql.raw(name);

  const ITEM = sql.raw(`select w.id, w.workspace_id, w.queue, w.priority, w.queued_at, w.created_at,
    p.channel, w.state, w.assignee_id, w.offered_to, w.declined_by
    from work_items w inner join posts p on p.id = w.post_id`);

  /** Items matching `where`, of the workspace (checked on the rows, so the key's index is read). */
  async function items(workspaceId: string, where: SQL, tail: SQL = sql``): Promise<ItemRow[]> {
    const rows = await x.rows<Raw>(sql`${ITEM} where ${where} ${tail}`);
    return rows.map(itemOf).filter((r) => r.workspaceId === workspaceId);
  }

  return {
    /** Items held by some agents, or by every agent of the workspace. */
    held(workspaceId: string, agentIds?: readonly string[]): Promise<ItemRow[]> {
      if (agentIds?.length === 0) return Promise.resolve([]);
      return agentIds
        ? items(workspaceId, sql`${oneOf(x, col("w.assignee_id"), agentIds)} and w.state = 'reserved'`)
        : items(workspaceId, sql`w.workspace_id = ${workspaceId} and w.state = 'reserved'`);
    },
    /** Waiting items offered to some agents, or to anyone. */
    offered(workspaceId: string, agentIds?: readonly string[]): Promise<ItemRow[]> {
      if (agentIds?.length === 0) return Promise.resolve([]);
      return items(
        workspaceId,
        agentIds
          ? sql`${oneOf(x, col("w.offered_to"), agentIds)} and w.state = 'new'`
          : sql`w.offered_to is not null and w.state = 'new'`,
      );
    },
    /** Every open item of the workspace. */
    allOpen(workspaceId: string): Promise<ItemRow[]> {
      return items(workspaceId, sql`w.workspace_id = ${workspaceId} and w.state in ('new', 'reserved')`);
    },
    /** Open items by id. */
    open(workspaceId: string, ids: readonly string[]): Promise<ItemRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return items(workspaceId, sql`${oneOf(x, col("w.id"), ids)} and w.state in ('new', 'reserved')`);
    },
    /** A queue's best `limit` waiting items in queue order, read from `work_items_waiting_idx`. */
    waiting(workspaceId: string, queueId: string, limit: number): Promise<ItemRow[]> {
      return items(
        workspaceId,
        sql`w.workspace_id = ${workspaceId} and w.queue = ${queueId} and w.state = 'new' and w.offered_to is null`,
        sql`order by w.priority desc, w.queued_at asc, w.id asc limit ${limit}`,
      );
    },
    /** Waiting items some agent declined, from the partial index `work_items_declined_idx`. */
    declined(workspaceId: string): Promise<ItemRow[]> {
      // The terms of the index, as written there.
      return items(
        workspaceId,
        pg
          ? sql`w.state = 'new' and w.offered_to is null and jsonb_array_length(w.declined_by) > 0`
          : sql`w.state = 'new' and w.offered_to is null and json_array_length(w.declined_by) > 0`,
      );
    },

    /** Work items' lock rows in id order, locked until the transaction ends (PostgreSQL). */
    async lock(workspaceId: string, ids: readonly string[]): Promise<Map<string, LockRow>> {
      if (ids.length === 0) return new Map();
      const rows = await x.rows<Raw>(
        sql`select id, workspace_id, state, assignee_id, offered_to, offer_expires_at, queue, queued_at,
          conversation_id from work_items w where ${oneOf(x, col("w.id"), ids)} order by id
          ${pg ? sql`for update` : sql``}`,
      );
      const locks = new Map<string, LockRow>();
      for (const r of rows) {
        if (r.workspace_id !== workspaceId) continue;
        locks.set(r.id as string, {
          id: r.id as string,
          state: r.state as WorkItemState,
          assigneeId: (r.assignee_id as string | null) ?? null,
          offeredTo: (r.offered_to as string | null) ?? null,
          offerExpiresAt: millis(r.offer_expires_at),
          queueId: (r.queue as string | null) ?? null,
          queuedAt: millis(r.queued_at),
          conversationId: r.conversation_id as string,
        });
      }
      return locks;
    },
    /** Locks agents' profile rows in id order (PostgreSQL; the embedded store's one writer holds them). */
    async lockAgents(userIds: readonly string[]): Promise<void> {
      if (!pg || userIds.length === 0) return;
      await x.rows(
        sql`select user_id from agent_profiles where ${oneOf(x, col("user_id"), userIds)} order by user_id for update`,
      );
    },

    /** The workspace's routed users (some of them when named) with their profiles, by name. */
    async agents(workspaceId: string, userIds?: readonly string[]): Promise<AgentRow[]> {
      if (userIds?.length === 0) return [];
      const rows = await x.rows<Raw>(
        sql`select u.id, u.name, u.role, u.created_at, a.skills, a.capacity, a.presence, a.presence_at,
          a.last_active_at, a.idle_since
          from users u left join agent_profiles a on a.user_id = u.id
          where u.workspace_id = ${workspaceId} and u.disabled_at is null and u.role in ${ROUTED_ROLES}
          ${userIds ? sql`and ${oneOf(x, col("u.id"), userIds)}` : sql``}
          order by u.name asc`,
      );
      return rows.map((r) => {
        const created = millis(r.created_at)!;
        return {
          id: r.id as string,
          name: r.name as string,
          role: r.role as string,
          skills: r.skills === null || r.skills === undefined ? [] : parsed<AgentSkill[]>(r.skills),
          capacity: r.capacity === null || r.capacity === undefined ? DEFAULT_CAPACITY : Number(r.capacity),
          presence: (r.presence as Presence | null) ?? "offline",
          presenceAt: millis(r.presence_at) ?? created,
          lastActiveAt: millis(r.last_active_at) ?? created,
          idleSince: millis(r.idle_since) ?? created,
        };
      });
    },

    /** Offers each item to its agent until `expiresAt`. */
    async offer(offers: readonly { itemId: string; agentId: string }[], expiresAt: number, now: number) {
      if (offers.length === 0) return;
      if (x.sqlite) {
        const writer = x.sqlite;
        await writer.transaction(() => {
          const update = writer.statement(
            `update work_items set offered_to = ?, offer_expires_at = ?, updated_at = ?, version = version + 1
             where id = ?`,
          );
          for (const o of offers) update.run(o.agentId, expiresAt, now, o.itemId);
        });
        return;
      }
      await x.rows(
        sql`update work_items w set offered_to = o.agent, offer_expires_at = ${new Date(expiresAt)},
          updated_at = ${new Date(now)}, version = w.version + 1
          from unnest(${arrayLiteral(offers.map((o) => o.itemId))}::uuid[],
            ${arrayLiteral(offers.map((o) => o.agentId))}::uuid[]) as o(item, agent)
          where w.id = o.item`,
      );
    },
    /** Agents given something new: their idle time starts again. */
    async markBusy(userIds: readonly string[], at: number): Promise<void> {
      if (userIds.length === 0) return;
      await x.rows(
        sql`update agent_profiles set idle_since = ${timeParam(x, at)} where ${oneOf(x, col("user_id"), userIds)}`,
      );
    },
  };
}
