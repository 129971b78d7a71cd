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

export type PersonErasureCounts = ErasureCounts & { customers: number };

/** A person named by a profile, or by a customer record (with every profile confirmed as theirs). */
export type PersonOrCustomer = PersonRef | { customerId: string };

/** The profiles and customer records that make up the person. */
async function resolve(tx: Store, workspaceId: string, who: PersonOrCustomer) {
  if ("customerId" in who) {
    const customer = await tx.customers.get(workspaceId, who.customerId);
    if (!customer) return { profiles: [] as PersonRef[], customerIds: [] as string[] };
    const merged = await tx.customers.mergedInto(workspaceId, customer.id);
    const customerIds = [customer.id, ...merged.map((m) => m.id)];
    const links = await tx.customers.links(workspaceId, { customerIds });
    const profiles = links
      .filter((l) => l.link.status === "confirmed")
      .map((l) => ({ platform: l.author.platform, handle: l.author.handle }));
    return { profiles, customerIds };
  }
  const authorIds = await tx.customers.authorIdsByHandle(workspaceId, who.platform, who.handle);
  const links = await tx.customers.links(workspaceId, { authorIds });
  const customerIds = links.filter((l) => l.link.status === "confirmed").map((l) => l.link.customerId);
  return { profiles: [who], customerIds: [...new Set(customerIds)] };
}

export function privacyService(store: Store, onChange: (workspaceId: string) => void) {
  return {
    async export(principal: Principal, who: PersonOrCustomer) {
      const { profiles, customerIds } = await resolve(store, principal.workspace.id, who);
      const customers = await store.customers.getMany(principal.workspace.id, customerIds);
      const parts = [];
      for (const person of profiles) {
        const part = await store.privacy.export(principal.workspace.id, person);
        if (part) parts.push(part);
      }
      if (parts.length === 0 && customers.length === 0)
        throw new ParleyError("not_found", "Nothing is held about that person");
      const held = {
        customers,
        authors: parts.flatMap((p) => p.authors),
        posts: parts.flatMap((p) => p.posts),
        workItems: parts.flatMap((p) => p.workItems),
        replies: parts.flatMap((p) => p.replies),
        links: parts.flatMap((p) => p.links),
      };
      const person = who;
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

    async erase(principal: Principal, who: PersonOrCustomer): Promise<PersonErasureCounts> {
      const workspaceId = principal.workspace.id;
      const counts = await store.transaction(async (tx) => {
        const { profiles, customerIds } = await resolve(tx, workspaceId, who);
        const erased: PersonErasureCounts = {
          authors: 0,
          posts: 0,
          workItems: 0,
          conversations: 0,
          replies: 0,
          links: 0,
          deadLetters: 0,
          campaigns: 0,
          customers: 0,
        };
        for (const person of profiles) {
          const part = await tx.privacy.erase(workspaceId, person);
          for (const k of Object.keys(part) as (keyof ErasureCounts)[]) erased[k] += part[k];
          // A CRM record still listing the handle would name them: it forgets it.
          await tx.customers.forgetHandle(workspaceId, person.platform, person.handle);
        }
        for (const id of customerIds) {
          const gone = await tx.customers.erase(workspaceId, id);
          erased.customers += gone.customers;
          erased.links += gone.links;
        }
        if (erased.authors === 0 && erased.customers === 0)
          throw new ParleyError("not_found", "Nothing is held about that person");
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
