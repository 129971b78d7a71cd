/**
 * The supervisor's live view: each queue's waits, offers, holds, estimated wait and SLAs at risk,
 * and each agent's presence, load against capacity, items held and items closed today. Every
 * figure comes from aggregate queries (src/store/supervisor.ts); no work item is loaded.
 */

import type { Clock } from "../domain/clock.ts";
import { estimatedWaitMs } from "../domain/routing/board.ts";
import { startOfDay } from "../domain/sla/calendar.ts";
import type { SupervisorView } from "../domain/supervisorViews.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { HANDLING_WINDOW_MS } from "./routingAdmin.ts";

export function supervisorService(store: Store, clock: Clock) {
  return {
    async view(principal: Principal): Promise<SupervisorView> {
      const workspaceId = principal.workspace.id;
      const now = clock.now();
      const timeZone = principal.workspace.timeZone || "UTC";
      const dayStart = startOfDay(timeZone, now);
      const [queues, agents, settings, figures, carried, closed] = await Promise.all([
        store.routing.queues(workspaceId),
        store.routing.agents(workspaceId),
        store.routing.settings(workspaceId),
        store.supervisor.queueFigures(workspaceId, {
          now,
          handledSince: new Date(now - HANDLING_WINDOW_MS),
        }),
        store.supervisor.carried(workspaceId),
        store.supervisor.closedBy(workspaceId, new Date(dayStart)),
      ]);
      const load = new Map<string, { load: number; held: number; offered: number }>();
      for (const c of carried) {
        const a = load.get(c.agentId) ?? { load: 0, held: 0, offered: 0 };
        a.held += c.held;
        a.offered += c.offered;
        a.load += (c.held + c.offered) * (settings.channelWeights[c.channel] ?? 1);
        load.set(c.agentId, a);
      }
      return {
        at: new Date(now).toISOString(),
        timeZone,
        dayStartedAt: new Date(dayStart).toISOString(),
        handlingWindowMs: HANDLING_WINDOW_MS,
        queues: queues.map((q) => {
          const f = figures.get(q.id);
          const waiting = f?.waiting ?? 0;
          const handled = f?.handled ?? 0;
          return {
            id: q.id,
            name: q.name,
            requiredSkills: q.requiredSkills,
            waiting,
            offered: f?.offered ?? 0,
            reserved: f?.reserved ?? 0,
            oldestWaitMs: f?.oldestSince == null ? null : Math.max(0, now - f.oldestSince),
            handledLastHour: handled,
            estimatedWaitMs: estimatedWaitMs(waiting, handled, HANDLING_WINDOW_MS),
            slaAtRisk: f?.slaAtRisk ?? 0,
          };
        }),
        agents: agents.map((a) => {
          const l = load.get(a.id);
          return {
            id: a.id,
            name: a.name,
            role: a.role,
            presence: a.presence,
            capacity: a.capacity,
            load: l?.load ?? 0,
            held: l?.held ?? 0,
            offered: l?.offered ?? 0,
            handledToday: closed.get(a.id) ?? 0,
          };
        }),
      };
    },
  };
}

export type SupervisorService = ReturnType<typeof supervisorService>;
