/** The priority formula's weights per workspace: the documented defaults until an admin changes them. */
import { DEFAULT_PRIORITY, type PriorityWeights } from "../analysis/index.ts";
import { newEvent } from "../domain/events.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";

export type PriorityPatch = Partial<Omit<PriorityWeights, "intent" | "urgency">> & {
  intent?: Partial<PriorityWeights["intent"]>;
  urgency?: Partial<PriorityWeights["urgency"]>;
};

export interface PriorityView {
  weights: PriorityWeights;
  defaults: PriorityWeights;
}

export function priorityService(store: Store, onChange: (workspaceId: string) => void) {
  return {
    async get(principal: Principal): Promise<PriorityView> {
      const models = await store.models.get(principal.workspace.id);
      return { weights: models?.priority ?? DEFAULT_PRIORITY, defaults: DEFAULT_PRIORITY };
    },

    /** Changes some weights; the rest keep their value. Posts analysed from now on use them. */
    async set(principal: Principal, patch: PriorityPatch): Promise<PriorityView> {
      const workspaceId = principal.workspace.id;
      const weights = await store.transaction(async (tx) => {
        const current = (await tx.models.lockForUpdate(workspaceId)).priority ?? DEFAULT_PRIORITY;
        const next: PriorityWeights = {
          ...current,
          ...patch,
          intent: { ...current.intent, ...patch.intent },
          urgency: { ...current.urgency, ...patch.urgency },
        };
        await tx.models.save(workspaceId, { priority: next });
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "priority.set",
          subjectType: "workspace",
          subjectId: workspaceId,
          detail: { ...patch },
        });
        await tx.events.append([newEvent("models.changed", workspaceId, { reason: "priority" })]);
        return next;
      });
      onChange(workspaceId);
      return { weights, defaults: DEFAULT_PRIORITY };
    },
  };
}
