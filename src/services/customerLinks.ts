/**
 * Links between social profiles and customers. Suggestions are computed from evidence when an
 * agent looks at the profile (src/domain/linkSuggestions.ts) and kept as `suggested`; only an agent
 * makes a link: confirming a suggestion, or linking a customer they chose. Rejected pairs are not
 * suggested again. Every decision and undo is audited.
 */
import type { Clock } from "../domain/clock.ts";
import type { AuthorCustomerView, LinkView } from "../domain/customerViews.ts";
import {
  type CandidateCustomer,
  extractIdentifiers,
  lookupKeys,
  suggestLinks,
} from "../domain/linkSuggestions.ts";
import { ParleyError } from "../errors.ts";
import type { CustomerRow } from "../store/customers.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { consentOfAuthor } from "./consent.ts";
import { presentCustomer, presentLink } from "./customerViews.ts";

/** The candidate a stored customer stands for: a merged one's evidence speaks for the customer it joined. */
function candidate(row: CustomerRow): CandidateCustomer {
  return {
    id: row.mergedInto ?? row.id,
    name: row.name,
    emails: row.emails,
    phones: row.phones,
    handles: row.handles,
    orders: row.orders,
    location: row.location,
  };
}

/** Suggestions for one profile, from what it wrote and the customers its evidence finds. */
export async function suggestionsFor(store: Store, workspaceId: string, authorId: string) {
  const author = await store.customers.author(workspaceId, authorId);
  if (!author) return null;
  const texts = await store.customers.textsOf(workspaceId, authorId);
  const input = {
    platform: author.platform,
    handle: author.handle,
    name: author.name,
    privateTexts: texts.filter((t) => t.channel === "private").map((t) => t.text),
    allTexts: texts.map((t) => t.text),
  };
  const keys = lookupKeys(input, extractIdentifiers(input.privateTexts));
  const rows = await store.customers.findByKeys(workspaceId, keys);
  return { author, suggestions: suggestLinks(input, rows.map(candidate)) };
}

export function customerLinkService(store: Store, clock: Clock) {
  async function linkView(workspaceId: string, id: string): Promise<LinkView> {
    const link = await store.customers.link(workspaceId, id);
    if (!link) throw new ParleyError("not_found", "No such link");
    const author = (await store.customers.author(workspaceId, link.authorId))!;
    return presentLink(link, {
      id: author.id,
      platform: author.platform,
      handle: author.handle,
      name: author.name,
    });
  }

  return {
    /** The customer panel: the confirmed customer, fresh suggestions with their evidence, the consent that applies. */
    async forAuthor(principal: Principal, authorId: string): Promise<AuthorCustomerView> {
      const workspaceId = principal.workspace.id;
      const found = await suggestionsFor(store, workspaceId, authorId);
      if (!found) throw new ParleyError("not_found", "No such author");
      await store.transaction(async (tx) => {
        for (const s of found.suggestions) await tx.customers.suggest(workspaceId, { ...s, authorId });
        await tx.customers.dropSuggestions(
          workspaceId,
          authorId,
          found.suggestions.map((s) => s.customerId),
        );
      });
      const links = await store.customers.links(workspaceId, { authorId });
      const confirmed = links.find((l) => l.link.status === "confirmed") ?? null;
      const pending = links.filter((l) => l.link.status === "suggested");
      const customers = new Map(
        (
          await store.customers.getMany(
            workspaceId,
            links.map((l) => l.link.customerId),
          )
        ).map((c) => [c.id, c]),
      );
      const customer = confirmed ? customers.get(confirmed.link.customerId) : undefined;
      return {
        authorId,
        customer: customer ? presentCustomer(customer) : null,
        link: confirmed ? presentLink(confirmed.link, confirmed.author) : null,
        suggestions: confirmed
          ? []
          : pending.flatMap((l) => {
              const c = customers.get(l.link.customerId);
              return c && !c.mergedInto
                ? [{ ...presentLink(l.link, l.author), customer: presentCustomer(c) }]
                : [];
            }),
        consent: await consentOfAuthor(store, workspaceId, authorId),
      };
    },

    /** An agent links the profile to a customer they chose. */
    async link(principal: Principal, authorId: string, customerId: string): Promise<LinkView> {
      const workspaceId = principal.workspace.id;
      const id = await store.transaction(async (tx) => {
        if (!(await tx.customers.author(workspaceId, authorId)))
          throw new ParleyError("not_found", "No such author");
        const customer = await tx.customers.get(workspaceId, customerId);
        if (!customer) throw new ParleyError("not_found", "No such customer");
        if (customer.mergedInto)
          throw new ParleyError("conflict", "That customer is merged into another: link that one");
        const row = await tx.customers.confirmPair(
          workspaceId,
          { customerId, authorId },
          principal.user.id,
          new Date(clock.now()),
        );
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "link.created",
          subjectType: "customer",
          subjectId: customerId,
          detail: { linkId: row.id, authorId },
        });
        return row.id;
      });
      return linkView(workspaceId, id);
    },

    async decide(
      principal: Principal,
      linkId: string,
      decision: "confirmed" | "rejected",
    ): Promise<LinkView> {
      const workspaceId = principal.workspace.id;
      await store.transaction(async (tx) => {
        const link = await tx.customers.link(workspaceId, linkId);
        if (!link) throw new ParleyError("not_found", "No such link");
        if (link.status !== "suggested")
          throw new ParleyError("conflict", `The link is already ${link.status}: undo it first`);
        await tx.customers.decide(workspaceId, linkId, decision, principal.user.id, new Date(clock.now()));
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: decision === "confirmed" ? "link.confirmed" : "link.rejected",
          subjectType: "customer",
          subjectId: link.customerId,
          detail: {
            linkId,
            authorId: link.authorId,
            confidence: link.confidence,
            evidence: link.evidence.map((e) => e.kind),
          },
        });
      });
      return linkView(workspaceId, linkId);
    },

    /** Undoes a confirmed link or a rejection: the pair may be suggested again from its evidence. */
    async undo(principal: Principal, linkId: string): Promise<void> {
      const workspaceId = principal.workspace.id;
      await store.transaction(async (tx) => {
        const link = await tx.customers.link(workspaceId, linkId);
        if (!link) throw new ParleyError("not_found", "No such link");
        await tx.customers.removeLink(workspaceId, linkId);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "link.undone",
          subjectType: "customer",
          subjectId: link.customerId,
          detail: { linkId, authorId: link.authorId, was: link.status },
        });
      });
    },
  };
}
