/**
 * Setting routing up and watching it: queues, routing rules, agents' skills and capacity, the
 * workspace's routing settings, and the supervisor's overview (queues with their waits, agents
 * with presence and load). Every change is audited and announced with `routing.changed`.
 */

import type { Clock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import { agentLoads, estimatedWaitMs } from "../domain/routing/board.ts";
import { conditionIssue, type RuleCondition } from "../domain/routing/rules.ts";
import type { AgentSkill, Skill } from "../domain/routing/skills.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { QueueRecord, RoutingSettings, RuleRecord } from "../store/routing.ts";
import type { Principal } from "./auth.ts";
import type { RoutingEngine } from "./routing.ts";

/** The window the handling rate behind an estimated wait is measured over. */
export const HANDLING_WINDOW_MS = 60 * 60_000;

export interface QueueInput {
  name: string;
  requiredSkills: Skill[];
  overflowQueueId: string | null;
  overflowAfterMs: number | null;
}

export interface RuleInput {
  name: string;
  position: number;
  queueId: string;
  enabled: boolean;
  conditions: RuleCondition[];
}

/** A unique key refused the row, on either store (the driver's error may be wrapped). */
function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err as { code?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === "23505" || /UNIQUE constraint failed/.test(String(e.message ?? ""))) return true;
  }
  return false;
}

export function routingAdminService(store: Store, engine: RoutingEngine, clock: Clock) {
  async function audited(
    principal: Principal,
    change: "queue" | "rule" | "settings",
    action: string,
    subjectId: string,
    detail: Record<string, unknown>,
    work: (tx: Store) => Promise<void>,
  ) {
    const workspaceId = principal.workspace.id;
    await store.transaction(async (tx) => {
      await work(tx);
      await tx.audit.record({
        workspaceId,
        actorUserId: principal.user.id,
        action,
        subjectType: change,
        subjectId,
        detail,
      });
      await tx.events.append([newEvent("routing.changed", workspaceId, { change })]);
      await engine.requestDispatch(tx, workspaceId);
    });
  }

  async function checkOverflow(principal: Principal, input: Partial<QueueInput>, selfId?: string) {
    if (input.overflowQueueId === undefined || input.overflowQueueId === null) return;
    if (input.overflowQueueId === selfId)
      throw new ParleyError("validation_failed", "A queue cannot overflow into itself");
    if (!(await store.routing.queue(principal.workspace.id, input.overflowQueueId))) {
      throw new ParleyError("validation_failed", "The overflow queue does not exist");
    }
  }

  /** Each problem names its field (`conditions.2.values`), as the request's own validation does. */
  function checkConditions(conditions: readonly RuleCondition[] | undefined) {
    (conditions ?? []).forEach((c, i) => {
      const issue = conditionIssue(c);
      if (issue) {
        throw new ParleyError("validation_failed", issue.message, [
          { path: `conditions.${i}.${issue.part}`, message: issue.message },
        ]);
      }
    });
  }

  async function checkRuleQueue(principal: Principal, queueId: string | undefined) {
    if (queueId && !(await store.routing.queue(principal.workspace.id, queueId))) {
      throw new ParleyError("validation_failed", "The rule's queue does not exist", [
        { path: "queueId", message: "The rule's queue does not exist" },
      ]);
    }
  }

  return {
    listQueues: (principal: Principal) => store.routing.queues(principal.workspace.id),

    async createQueue(principal: Principal, input: QueueInput): Promise<QueueRecord> {
      await checkOverflow(principal, input);
      let created: QueueRecord | undefined;
      try {
        await audited(principal, "queue", "queue.create", "new", { name: input.name }, async (tx) => {
          created = await tx.routing.createQueue(principal.workspace.id, input);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ParleyError("conflict", "A queue with that name exists");
        throw err;
      }
      return created!;
    },

    async updateQueue(principal: Principal, id: string, patch: Partial<QueueInput>): Promise<QueueRecord> {
      await checkOverflow(principal, patch, id);
      let updated: QueueRecord | null = null;
      try {
        await audited(principal, "queue", "queue.update", id, { ...patch }, async (tx) => {
          updated = await tx.routing.updateQueue(principal.workspace.id, id, patch);
          if (!updated) throw new ParleyError("not_found", "No such queue");
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ParleyError("conflict", "A queue with that name exists");
        throw err;
      }
      return updated!;
    },

    async deleteQueue(principal: Principal, id: string): Promise<void> {
      await audited(principal, "queue", "queue.delete", id, {}, async (tx) => {
        if (!(await tx.routing.deleteQueue(principal.workspace.id, id)))
          throw new ParleyError("not_found", "No such queue");
      });
    },

    listRules: (principal: Principal) => store.routing.rules(principal.workspace.id),

    async createRule(principal: Principal, input: RuleInput): Promise<RuleRecord> {
      checkConditions(input.conditions);
      await checkRuleQueue(principal, input.queueId);
      let created: RuleRecord | undefined;
      await audited(principal, "rule", "routing_rule.create", "new", { name: input.name }, async (tx) => {
        created = await tx.routing.createRule(principal.workspace.id, input);
      });
      return created!;
    },

    async updateRule(principal: Principal, id: string, patch: Partial<RuleInput>): Promise<RuleRecord> {
      checkConditions(patch.conditions);
      await checkRuleQueue(principal, patch.queueId);
      let updated: RuleRecord | null = null;
      await audited(principal, "rule", "routing_rule.update", id, { ...patch }, async (tx) => {
        updated = await tx.routing.updateRule(principal.workspace.id, id, patch);
        if (!updated) throw new ParleyError("not_found", "No such routing rule");
      });
      return updated!;
    },

    /** Puts every rule in the order given (positions 10, 20, …) in one transaction. */
    async reorderRules(principal: Principal, ids: readonly string[]): Promise<RuleRecord[]> {
      const workspaceId = principal.workspace.id;
      const current = await store.routing.rules(workspaceId);
      const known = new Set(current.map((r) => r.id));
      if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
        const message = "Name every routing rule once, in the new order";
        throw new ParleyError("validation_failed", message, [{ path: "ids", message }]);
      }
      await audited(principal, "rule", "routing_rule.reorder", workspaceId, { ids: [...ids] }, async (tx) => {
        for (const [i, id] of ids.entries()) {
          if (!(await tx.routing.updateRule(workspaceId, id, { position: (i + 1) * 10 }))) {
            throw new ParleyError("conflict", "A routing rule was deleted meanwhile: reload and try again");
          }
        }
      });
      return store.routing.rules(workspaceId);
    },

    async deleteRule(principal: Principal, id: string): Promise<void> {
      await audited(principal, "rule", "routing_rule.delete", id, {}, async (tx) => {
        if (!(await tx.routing.deleteRule(principal.workspace.id, id))) {
          throw new ParleyError("not_found", "No such routing rule");
        }
      });
    },

    settings: (principal: Principal) => store.routing.settings(principal.workspace.id),

    async saveSettings(
      principal: Principal,
      input: Omit<RoutingSettings, "reopenWindowMs"> & { reopenWindowMs?: number },
    ): Promise<RoutingSettings> {
      const current = await store.routing.settings(principal.workspace.id);
      const value: RoutingSettings = {
        ...input,
        reopenWindowMs: input.reopenWindowMs ?? current.reopenWindowMs,
      };
      await audited(principal, "settings", "routing.settings", principal.workspace.id, { ...value }, (tx) =>
        tx.routing.saveSettings(principal.workspace.id, value),
      );
      return store.routing.settings(principal.workspace.id);
    },

    /** An agent's skills and capacity, set by an admin or supervisor. */
    async saveAgent(
      principal: Principal,
      userId: string,
      patch: { skills?: AgentSkill[]; capacity?: number },
    ) {
      const [agent] = await store.routing.agents(principal.workspace.id, [userId]);
      if (!agent) throw new ParleyError("not_found", "No such agent");
      await audited(principal, "settings", "agent.routing", userId, { ...patch }, (tx) =>
        tx.routing.saveProfile(principal.workspace.id, userId, { ...patch, at: new Date(clock.now()) }),
      );
      const [saved] = await store.routing.agents(principal.workspace.id, [userId]);
      return saved!;
    },

    /** The supervisor's view: every queue's waits, every agent's presence and load. */
    async overview(principal: Principal) {
      const workspaceId = principal.workspace.id;
      const now = clock.now();
      const [board, stats] = await Promise.all([
        store.routing.board(workspaceId),
        store.routing.queueStats(workspaceId, new Date(now - HANDLING_WINDOW_MS)),
      ]);
      const loads = agentLoads(board.items, board.weights);
      const held = new Map<string, number>();
      const offered = new Map<string, number>();
      for (const item of board.items) {
        if (item.holderId) held.set(item.holderId, (held.get(item.holderId) ?? 0) + 1);
        if (item.offeredTo) offered.set(item.offeredTo, (offered.get(item.offeredTo) ?? 0) + 1);
      }
      return {
        queues: [...board.queues.values()].map((q) => {
          const s = stats.get(q.id) ?? { waiting: 0, oldest: null, handled: 0 };
          return {
            id: q.id,
            name: (q as QueueRecord).name,
            waiting: s.waiting,
            oldestWaitMs: s.oldest ? Math.max(0, now - s.oldest.getTime()) : null,
            handledLastHour: s.handled,
            estimatedWaitMs: estimatedWaitMs(s.waiting, s.handled, HANDLING_WINDOW_MS),
          };
        }),
        agents: board.agents.map((a) => ({
          id: a.id,
          name: (a as { name?: string }).name ?? "",
          presence: a.presence,
          capacity: a.capacity,
          load: loads.get(a.id) ?? 0,
          held: held.get(a.id) ?? 0,
          offered: offered.get(a.id) ?? 0,
          skills: [...a.skills],
        })),
      };
    },

    /** The signed-in agent's own routing state: presence, capacity, skills. */
    async me(principal: Principal) {
      const [agent] = await store.routing.agents(principal.workspace.id, [principal.user.id]);
      if (!agent) throw new ParleyError("not_found", "Your role takes no routed work");
      return agent;
    },
  };
}

export type RoutingAdminService = ReturnType<typeof routingAdminService>;
