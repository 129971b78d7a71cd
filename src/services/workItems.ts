/** Listing work items and moving them through their states, with an audit trail and a live event. */

import type { Bus } from "../bus/index.ts";
import { newEvent, workItemIdOf } from "../domain/events.ts";
import type { InboxFilter } from "../domain/inboxFilter.ts";
import type { Presence } from "../domain/routing/board.ts";
import { assertClaimable } from "../domain/routing/offers.ts";
import { isStorableTime } from "../domain/storableText.ts";
import type { WorkItemView } from "../domain/views.ts";
import { nextState, type WorkItemAction } from "../domain/workItem.ts";
import { encodeCursor, encodeDueCursor } from "../domain/workItemCursor.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { WorkItemFilter } from "../store/views.ts";
import type { Principal } from "./auth.ts";
import { workItemFor } from "./visibility.ts";

type Position = NonNullable<WorkItemFilter["after"]>;

/** Events a reconnecting screen is caught up from at most; past that it reloads. */
const CATCH_UP_EVENTS = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A timestamp as encodeCursor writes it: the store compares it as is, so nothing else passes. */
function isIssuedTimestamp(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 24) return false;
  const time = Date.parse(value);
  return isStorableTime(time) && new Date(time).toISOString() === value;
}

export function decodeCursor(cursor: string): Position {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const [priority, createdAt, id] = Array.isArray(decoded) ? decoded : [];
    if (
      typeof priority === "number" &&
      Number.isFinite(priority) &&
      isIssuedTimestamp(createdAt) &&
      typeof id === "string" &&
      UUID.test(id)
    ) {
      return { priority, createdAt, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new ParleyError("invalid_cursor");
}

type DuePosition = NonNullable<WorkItemFilter["afterDue"]>;

export function decodeDueCursor(cursor: string): DuePosition {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const [tag, dueAt, createdAt, id] = Array.isArray(decoded) ? decoded : [];
    if (
      tag === "due" &&
      (dueAt === null || isIssuedTimestamp(dueAt)) &&
      isIssuedTimestamp(createdAt) &&
      typeof id === "string" &&
      UUID.test(id)
    ) {
      return { dueAt, createdAt, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new ParleyError("invalid_cursor");
}

export interface ListWorkItems {
  /** `breach`: the soonest SLA due time first. */
  sort?: "priority" | "breach";
  states?: WorkItemView["state"][];
  assignee?: "me" | string;
  offered?: "me";
  queue?: string;
  /** Narrowing by the latest post (domain/inboxFilter.ts). */
  narrow?: InboxFilter;
  limit?: number;
  cursor?: string;
}

/**
 * Agents' accept and reject decisions, for learning: `learn` runs inside the transaction of a
 * resolve (relevant) or a discard as irrelevant or spam, `committed` after it commits.
 */
export interface DecisionHooks {
  learn(tx: Store, workspaceId: string, workItemId: string, relevant: boolean): Promise<void>;
  committed(workspaceId: string): void;
}

/** Routing's part in a move: a freed or returned item lets push routing run again. */
export interface MoveHooks {
  requestDispatch(tx: Store, workspaceId: string): Promise<void>;
  /** The actor did something: they are not idle. */
  touch(tx: Store, workspaceId: string, userId: string): Promise<void>;
  /** Routing's clock: an offer reserves an item until its expiry. */
  now(): number;
}

export const DISCARD_REASONS = ["irrelevant", "spam", "duplicate", "other"] as const;

export function workItemService(store: Store, bus: Bus, decisions?: DecisionHooks, routing?: MoveHooks) {
  return {
    async list(principal: Principal, query: ListWorkItems) {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
      const items = await store.views.workItems(principal.workspace.id, {
        states: query.states,
        assigneeId: query.assignee === "me" ? principal.user.id : query.assignee,
        queue: query.queue,
        narrow: query.narrow,
        offeredTo: query.offered === "me" ? principal.user.id : undefined,
        sort: query.sort,
        ...(query.sort === "breach"
          ? { afterDue: query.cursor ? decodeDueCursor(query.cursor) : undefined }
          : { after: query.cursor ? decodeCursor(query.cursor) : undefined }),
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      const encode = query.sort === "breach" ? encodeDueCursor : encodeCursor;
      return {
        items: page.map((item) => workItemFor(principal.user.role, item)),
        nextCursor: items.length > limit ? encode(page.at(-1)!) : null,
      };
    },

    /**
     * What changed in the workspace's work items after `seq` in the event log, as their current
     * views, for a screen that was disconnected; `complete` is false when too much changed (or the
     * log no longer reaches back that far) and the screen should reload instead.
     */
    async changedSince(
      principal: Principal,
      seq: number,
    ): Promise<{
      complete: boolean;
      seq: number;
      changes: { item: WorkItemView; created: boolean; seq: number }[];
      /** Each agent whose presence changed meanwhile, as it last became. */
      presence: { agent: { id: string; presence: Presence; automatic: boolean }; seq: number }[];
    }> {
      const workspaceId = principal.workspace.id;
      const events = await store.events.after(seq, { workspaceId, limit: CATCH_UP_EVENTS + 1 });
      const oldest = await store.events.firstSeq();
      const reachable = seq === 0 || oldest === null || oldest <= seq + 1;
      if (events.length > CATCH_UP_EVENTS || !reachable)
        return { complete: false, seq, changes: [], presence: [] };
      const latest = new Map<string, { seq: number; created: boolean }>();
      const presence = new Map<
        string,
        { agent: { id: string; presence: Presence; automatic: boolean }; seq: number }
      >();
      for (const e of events) {
        if (e.type === "agent.presence_changed") {
          const { userId, automatic } = e.data;
          presence.set(userId, {
            agent: { id: userId, presence: e.data.presence as Presence, automatic },
            seq: e.seq,
          });
          continue;
        }
        const id = workItemIdOf(e);
        if (!id) continue;
        const before = latest.get(id);
        latest.set(id, { seq: e.seq, created: (before?.created ?? false) || e.type === "work_item.opened" });
      }
      const views = latest.size
        ? await store.views.workItems(workspaceId, { ids: [...latest.keys()], limit: latest.size })
        : [];
      const changes = views
        .map((item) => ({ item: workItemFor(principal.user.role, item), ...latest.get(item.id)! }))
        .sort((a, b) => a.seq - b.seq);
      return { complete: true, seq: events.at(-1)?.seq ?? seq, changes, presence: [...presence.values()] };
    },

    async get(principal: Principal, id: string): Promise<WorkItemView> {
      const item = await store.views.workItem(principal.workspace.id, id);
      if (!item) throw new ParleyError("not_found", "No such work item");
      return workItemFor(principal.user.role, item);
    },

    async act(
      principal: Principal,
      id: string,
      action: WorkItemAction,
      options: { reason?: string } = {},
    ): Promise<WorkItemView> {
      const workspaceId = principal.workspace.id;
      const override = principal.user.role === "supervisor" || principal.user.role === "admin";
      // A discard teaches the relevance filter, so its reason is never assumed.
      if (
        action === "discard" &&
        !DISCARD_REASONS.includes(options.reason as (typeof DISCARD_REASONS)[number])
      ) {
        throw new ParleyError("discard_reason_required");
      }
      let learnt = false;
      let seq: number | undefined;
      await store.transaction(async (tx) => {
        const lock = await tx.workItems.lockForUpdate(workspaceId, id);
        if (!lock) throw new ParleyError("not_found", "No such work item");
        if (action === "claim") {
          const offer = await tx.routing.lock(workspaceId, id);
          if (offer) assertClaimable(offer, principal.user.id, routing?.now() ?? Date.now(), override);
        }
        const next = nextState(lock, action, principal.user.id, override);
        await tx.workItems.move(workspaceId, id, { ...next, discardReason: options.reason ?? null });
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: `work_item.${action}`,
          subjectType: "work_item",
          subjectId: id,
          detail: { from: lock.state, to: next.state, ...(options.reason ? { reason: options.reason } : {}) },
        });
        const events = [
          newEvent("work_item.moved", workspaceId, {
            workItemId: id,
            from: lock.state,
            to: next.state,
            actorUserId: principal.user.id,
            ...(options.reason ? { reason: options.reason } : {}),
          }),
        ];
        if (next.assigneeId !== lock.assigneeId) {
          events.push(
            newEvent("work_item.assigned", workspaceId, {
              workItemId: id,
              agentUserId: next.assigneeId,
              actorUserId: principal.user.id,
            }),
          );
        }
        seq = (await tx.events.append(events)).at(-1)?.seq;
        await routing?.requestDispatch(tx, workspaceId);
        await routing?.touch(tx, workspaceId, principal.user.id);
        const relevant =
          action === "resolve"
            ? true
            : action === "discard" && ["irrelevant", "spam"].includes(options.reason ?? "")
              ? false
              : null;
        if (decisions && relevant !== null) {
          await decisions.learn(tx, workspaceId, id, relevant);
          learnt = true;
        }
      });
      if (learnt) decisions?.committed(workspaceId);
      // Published after the commit, so a listener that re-reads sees the new state. The bus carries
      // the whole item; each socket shows its user what their role may see.
      const item = await store.views.workItem(workspaceId, id);
      if (!item) throw new ParleyError("not_found", "No such work item");
      await bus.publish({ type: "work_item.updated", workspaceId, workItem: item, seq });
      return workItemFor(principal.user.role, item);
    },
  };
}

export type WorkItemService = ReturnType<typeof workItemService>;
