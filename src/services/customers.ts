/**
 * Customers: list and search, create and edit (every change audited), merge and unmerge with
 * their links, and one timeline across every profile linked to them.
 */
import type { Clock } from "../domain/clock.ts";
import {
  type CustomerFields,
  type CustomerKey,
  nameKey,
  normalizeEmail,
  normalizeHandle,
  normalizeOrder,
  normalizePhone,
  phoneKey,
} from "../domain/customer.ts";
import { CustomerFieldError, type CustomerInput, customerFields } from "../domain/customerInput.ts";
import type { CustomerDetailView, CustomerView, TimelineView } from "../domain/customerViews.ts";
import type { Page } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { CustomerRow } from "../store/customers.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { presentCustomer, presentLink } from "./customerViews.ts";

export function fieldsOf(row: CustomerRow): CustomerFields {
  return {
    externalId: row.externalId,
    name: row.name,
    emails: row.emails,
    phones: row.phones,
    handles: row.handles,
    orders: row.orders,
    location: row.location,
    tier: row.tier,
    language: row.language,
    consent: row.consent,
    customFields: row.customFields,
  };
}

/** What a search text may be besides part of a name: an email, a phone, an order, a handle. */
function searchKeys(q: string): CustomerKey[] {
  const keys: CustomerKey[] = [
    { kind: "order", value: normalizeOrder(q) },
    { kind: "name", value: nameKey(q) },
  ];
  const email = normalizeEmail(q);
  if (email) keys.push({ kind: "email", value: email });
  const phone = normalizePhone(q);
  if (phone) keys.push({ kind: "phone", value: phoneKey(phone) });
  const handle = normalizeHandle(q);
  for (const platform of ["x", "mastodon", "bluesky", "facebook", "instagram"])
    keys.push({ kind: "handle", value: `${platform}:${handle}` });
  return keys;
}

function checked(input: CustomerInput, base?: CustomerFields): CustomerFields {
  try {
    return customerFields(input, base);
  } catch (err) {
    if (err instanceof CustomerFieldError)
      throw new ParleyError("validation_failed", err.message, { field: err.field });
    throw err;
  }
}

async function unique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const text = String(
      (err as { message?: string; cause?: { message?: string } }).cause?.message ?? (err as Error).message,
    );
    if (/unique|duplicate key/i.test(text))
      throw new ParleyError("conflict", "Another customer has that external id");
    throw err;
  }
}

export function customerService(store: Store, clock: Clock) {
  async function mustGet(tx: Store, workspaceId: string, id: string): Promise<CustomerRow> {
    const row = await tx.customers.get(workspaceId, id);
    if (!row) throw new ParleyError("not_found", "No such customer");
    return row;
  }

  return {
    async list(
      principal: Principal,
      options: { q?: string; cursor?: string; limit: number },
    ): Promise<Page<CustomerView>> {
      const q = options.q?.trim() || undefined;
      const rows = await store.customers.list(principal.workspace.id, {
        q,
        keys: q ? searchKeys(q) : undefined,
        beforeId: options.cursor,
        limit: options.limit + 1,
      });
      const more = rows.length > options.limit;
      const items = rows.slice(0, options.limit).map(presentCustomer);
      return { items, nextCursor: more ? items[items.length - 1]!.id : null };
    },

    async get(principal: Principal, id: string): Promise<CustomerDetailView> {
      const workspaceId = principal.workspace.id;
      const row = await mustGet(store, workspaceId, id);
      const links = await store.customers.links(workspaceId, { customerIds: [id] });
      const merged = await store.customers.mergedInto(workspaceId, id);
      return {
        ...presentCustomer(row),
        links: links.map((l) => presentLink(l.link, l.author)),
        merged: merged.map(presentCustomer),
      };
    },

    async create(principal: Principal, input: CustomerInput): Promise<CustomerView> {
      const workspaceId = principal.workspace.id;
      const fields = checked(input);
      const row = await unique(() =>
        store.transaction(async (tx) => {
          const created = await tx.customers.create(workspaceId, fields);
          await tx.audit.record({
            workspaceId,
            actorUserId: principal.user.id,
            action: "customer.created",
            subjectType: "customer",
            subjectId: created.id,
            // The record's id only: the audit is no copy of the CRM, and an erasure leaves nothing here.
            detail: {},
          });
          return created;
        }),
      );
      return presentCustomer(row);
    },

    async update(principal: Principal, id: string, input: CustomerInput): Promise<CustomerView> {
      const workspaceId = principal.workspace.id;
      const row = await unique(() =>
        store.transaction(async (tx) => {
          const current = await mustGet(tx, workspaceId, id);
          const fields = checked(input, fieldsOf(current));
          const updated = await tx.customers.update(workspaceId, id, fields);
          await tx.audit.record({
            workspaceId,
            actorUserId: principal.user.id,
            action: "customer.updated",
            subjectType: "customer",
            subjectId: id,
            // Which fields changed, not their values: the audit is no copy of the CRM.
            detail: { fields: Object.keys(input).sort() },
          });
          return updated!;
        }),
      );
      return presentCustomer(row);
    },

    /** Merges `id` into `into`: its links move there (remembering where from), and it leaves lists. */
    async merge(principal: Principal, id: string, into: string): Promise<CustomerDetailView> {
      const workspaceId = principal.workspace.id;
      if (id === into) throw new ParleyError("validation_failed", "A customer cannot be merged into itself");
      await store.transaction(async (tx) => {
        const source = await mustGet(tx, workspaceId, id);
        const target = await mustGet(tx, workspaceId, into);
        if (source.mergedInto)
          throw new ParleyError("conflict", "The customer is already merged into another one");
        if (target.mergedInto)
          throw new ParleyError("conflict", "The target is itself merged into another customer");
        if ((await tx.customers.mergedInto(workspaceId, id)).length > 0)
          throw new ParleyError("conflict", "Unmerge the customers merged into this one first");
        const moved = await tx.customers.moveLinks(workspaceId, id, into);
        await tx.customers.setMergedInto(workspaceId, id, into);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "customer.merged",
          subjectType: "customer",
          subjectId: into,
          detail: { merged: id, links: moved, at: new Date(clock.now()).toISOString() },
        });
      });
      return this.get(principal, into);
    },

    /** Undoes a merge: the customer is listed again with the links it brought. */
    async unmerge(principal: Principal, id: string): Promise<CustomerDetailView> {
      const workspaceId = principal.workspace.id;
      await store.transaction(async (tx) => {
        const source = await mustGet(tx, workspaceId, id);
        if (!source.mergedInto) throw new ParleyError("conflict", "The customer is not merged");
        const moved = await tx.customers.restoreLinks(workspaceId, id);
        await tx.customers.setMergedInto(workspaceId, id, null);
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "customer.unmerged",
          subjectType: "customer",
          subjectId: source.mergedInto,
          detail: { unmerged: id, links: moved },
        });
      });
      return this.get(principal, id);
    },

    /** Posts on every platform, work items and replies, across every confirmed profile of the customer. */
    async timeline(principal: Principal, id: string, limit: number): Promise<TimelineView> {
      const workspaceId = principal.workspace.id;
      await mustGet(store, workspaceId, id);
      const links = await store.customers.links(workspaceId, { customerIds: [id] });
      const authorIds = links.filter((l) => l.link.status === "confirmed").map((l) => l.author.id);
      const entries = await store.customerTimeline.forAuthors(workspaceId, authorIds, limit);
      return { items: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
    },
  };
}

export type CustomerService = ReturnType<typeof customerService>;
