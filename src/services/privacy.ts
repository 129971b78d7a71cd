/**
 * A person's rights over what Parley holds about them: an access request (everything, as JSON)
 * and erasure. The audit keeps only that an erasure happened and how much it removed, never who.
 */
import { randomUUID } from "node:crypto";
import { newEvent } from "../domain/events.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { ErasureCounts, PersonRef } from "../store/privacy.ts";
import type { Principal } from "./auth.ts";

export function privacyService(store: Store, onChange: (workspaceId: string) => void) {
  return {
    async export(principal: Principal, person: PersonRef) {
      const held = await store.privacy.export(principal.workspace.id, person);
      if (!held) throw new ParleyError("not_found", "Nothing is held about that person");
      await store.audit.record({
        workspaceId: principal.workspace.id,
        actorUserId: principal.user.id,
        action: "privacy.export",
        subjectType: "person",
        subjectId: randomUUID(),
        detail: { posts: held.posts.length },
      });
      return { person, exportedAt: new Date().toISOString(), ...held };
    },

    async erase(principal: Principal, person: PersonRef): Promise<ErasureCounts> {
      const workspaceId = principal.workspace.id;
      const counts = await store.transaction(async (tx) => {
        const erased = await tx.privacy.erase(workspaceId, person);
        if (erased.authors === 0) throw new ParleyError("not_found", "Nothing is held about that person");
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "privacy.erase",
          subjectType: "person",
          // Not the person: an id of this erasure only.
          subjectId: randomUUID(),
          detail: { ...erased },
        });
        // Campaigns' author lists may have changed: every process rebuilds the workspace's context.
        await tx.events.append([newEvent("workspace.changed", workspaceId, {})]);
        return erased;
      });
      onChange(workspaceId);
      return counts;
    },
  };
}
