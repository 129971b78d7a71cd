/**
 * Customers, the keys they are found by, and their links to social profiles. A customer's keys are
 * rewritten with every change of its identifiers, in the same transaction.
 */

import type { LinkEvidence } from "../domain/customer.ts";
import { type CustomerFields, type CustomerKey, customerKeys as keysOf } from "../domain/customer.ts";
import { confirmedTiersOf } from "./customerTier.ts";
import type { Executor, SqliteWriter, Tables } from "./executor.ts";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "./orm.ts";
import { uuid7 } from "./uuid7.ts";

export type CustomerRow = Tables["customers"]["$inferSelect"];
export type LinkRow = Tables["identityLinks"]["$inferSelect"];

const STEP = 400;
const NONE = "00000000-0000-0000-0000-000000000000";

export function customerRepository(x: Executor) {
  const { db } = x;
  const { customers, customerKeys, identityLinks, authors } = x.t;

  async function insertKeys(
    workspaceId: string,
    rows: { id: string; fields: Parameters<typeof keysOf>[0] }[],
  ) {
    const values = rows.flatMap((r) =>
      keysOf(r.fields).map((k) => ({ workspaceId, kind: k.kind, value: k.value, customerId: r.id })),
    );
    for (let i = 0; i < values.length; i += STEP)
      await db
        .insert(customerKeys)
        .values(values.slice(i, i + STEP))
        .onConflictDoNothing();
  }

  async function writeKeys(
    workspaceId: string,
    rows: { id: string; fields: Parameters<typeof keysOf>[0] }[],
  ) {
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += STEP)
      await db.delete(customerKeys).where(inArray(customerKeys.customerId, ids.slice(i, i + STEP)));
    await insertKeys(workspaceId, rows);
  }

  return {
    async create(workspaceId: string, fields: CustomerFields): Promise<CustomerRow> {
      const [row] = await db
        .insert(customers)
        .values({ id: uuid7(), workspaceId, ...fields })
        .returning();
      await writeKeys(workspaceId, [{ id: row!.id, fields }]);
      return row!;
    },

    async update(workspaceId: string, id: string, fields: CustomerFields): Promise<CustomerRow | null> {
      const [row] = await db
        .update(customers)
        .set(fields)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
        .returning();
      if (!row) return null;
      await writeKeys(workspaceId, [{ id, fields }]);
      return row;
    },

    async get(workspaceId: string, id: string): Promise<CustomerRow | null> {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
      return row ?? null;
    },

    async getMany(workspaceId: string, ids: string[]): Promise<CustomerRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)));
    },

    async byExternalIds(workspaceId: string, externalIds: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < externalIds.length; i += STEP) {
        const rows = await db
          .select({ id: customers.id, externalId: customers.externalId })
          .from(customers)
          .where(
            and(
              eq(customers.workspaceId, workspaceId),
              inArray(customers.externalId, externalIds.slice(i, i + STEP)),
            ),
          );
        for (const r of rows) if (r.externalId) out.set(r.externalId, r.id);
      }
      return out;
    },

    /**
     * Creates the rows whose external id is new and updates the others, in one go; call in a
     * transaction. Returns how many of each.
     */
    async upsertMany(
      workspaceId: string,
      rows: CustomerFields[],
    ): Promise<{ created: number; updated: number }> {
      const known = await this.byExternalIds(
        workspaceId,
        rows.flatMap((r) => (r.externalId ? [r.externalId] : [])),
      );
      const fresh = rows.filter((r) => !r.externalId || !known.has(r.externalId));
      const changed = rows.filter((r) => r.externalId && known.has(r.externalId));
      const written: { id: string; fields: CustomerFields }[] = [];
      if (x.sqlite) insertFreshSqlite(x.sqlite, workspaceId, fresh);
      else
        for (let i = 0; i < fresh.length; i += 200) {
          const chunk = fresh.slice(i, i + 200).map((fields) => ({ id: uuid7(), fields }));
          await db.insert(customers).values(chunk.map((c) => ({ id: c.id, workspaceId, ...c.fields })));
          await insertKeys(workspaceId, chunk);
        }
      for (const fields of changed) {
        const id = known.get(fields.externalId!)!;
        await db.update(customers).set(fields).where(eq(customers.id, id));
        written.push({ id, fields });
      }
      await writeKeys(workspaceId, written);
      return { created: fresh.length, updated: changed.length };
    },

    /** Customers not merged away, newest first; `q` matches a name's part, an external id or an identifier. */
    async list(
      workspaceId: string,
      options: { q?: string; keys?: CustomerKey[]; beforeId?: string; limit: number },
    ) {
      const q = options.q?.trim().toLowerCase();
      const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const keyed = options.keys?.length
        ? db
            .select({ id: customerKeys.customerId })
            .from(customerKeys)
            .where(
              and(
                eq(customerKeys.workspaceId, workspaceId),
                or(
                  ...options.keys.map((k) =>
                    and(eq(customerKeys.kind, k.kind), eq(customerKeys.value, k.value)),
                  ),
                ),
              ),
            )
        : null;
      return db
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            isNull(customers.mergedInto),
            options.beforeId ? lt(customers.id, options.beforeId) : undefined,
            pattern
              ? or(
                  sql`lower(${customers.name}) like ${pattern} escape '\\'`,
                  eq(customers.externalId, options.q!.trim()),
                  keyed ? inArray(customers.id, keyed) : undefined,
                )
              : undefined,
          ),
        )
        .orderBy(desc(customers.id))
        .limit(options.limit);
    },

    /** Customers holding any of the keys (name matches at most `perKey`), with who they are merged into. */
    async findByKeys(workspaceId: string, keys: CustomerKey[], perKey = 50): Promise<CustomerRow[]> {
      const ids = new Set<string>();
      for (const key of keys) {
        const rows = await db
          .select({ id: customerKeys.customerId })
          .from(customerKeys)
          .where(
            and(
              eq(customerKeys.workspaceId, workspaceId),
              eq(customerKeys.kind, key.kind),
              eq(customerKeys.value, key.value),
            ),
          )
          .limit(perKey);
        for (const r of rows) ids.add(r.id);
      }
      return this.getMany(workspaceId, [...ids]);
    },

    async setMergedInto(workspaceId: string, id: string, into: string | null): Promise<void> {
      await db
        .update(customers)
        .set({ mergedInto: into })
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
    },

    /** Customers merged into this one. */
    async mergedInto(workspaceId: string, id: string): Promise<CustomerRow[]> {
      return db
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.mergedInto, id)));
    },

    async links(
      workspaceId: string,
      by: { customerIds?: string[]; authorId?: string; authorIds?: string[] },
    ) {
      return db
        .select({
          link: identityLinks,
          author: { id: authors.id, platform: authors.platform, handle: authors.handle, name: authors.name },
        })
        .from(identityLinks)
        .innerJoin(authors, eq(authors.id, identityLinks.authorId))
        .where(
          and(
            eq(identityLinks.workspaceId, workspaceId),
            by.customerIds ? inArray(identityLinks.customerId, by.customerIds) : undefined,
            by.authorId ? eq(identityLinks.authorId, by.authorId) : undefined,
            by.authorIds
              ? inArray(identityLinks.authorId, by.authorIds.length ? by.authorIds : [NONE])
              : undefined,
          ),
        )
        .orderBy(desc(identityLinks.confidence));
    },

    async link(workspaceId: string, id: string): Promise<LinkRow | null> {
      const [row] = await db
        .select()
        .from(identityLinks)
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.id, id)));
      return row ?? null;
    },

    /** Records a suggestion, or refreshes its evidence while it is still only suggested. */
    async suggest(
      workspaceId: string,
      s: { customerId: string; authorId: string; confidence: number; evidence: LinkEvidence[] },
    ): Promise<void> {
      await db
        .insert(identityLinks)
        .values({ workspaceId, ...s, status: "suggested" })
        .onConflictDoUpdate({
          target: [identityLinks.customerId, identityLinks.authorId],
          set: { confidence: s.confidence, evidence: s.evidence },
          setWhere: eq(identityLinks.status, "suggested"),
        });
    },

    /** A suggestion no longer backed by evidence goes. */
    async dropSuggestions(workspaceId: string, authorId: string, keep: string[]): Promise<void> {
      await db
        .delete(identityLinks)
        .where(
          and(
            eq(identityLinks.workspaceId, workspaceId),
            eq(identityLinks.authorId, authorId),
            eq(identityLinks.status, "suggested"),
            keep.length ? sql`${identityLinks.customerId} not in ${keep}` : undefined,
          ),
        );
    },

    /** An agent's link, made confirmed; an earlier suggestion or rejection of the pair becomes it. */
    async confirmPair(
      workspaceId: string,
      pair: { customerId: string; authorId: string },
      userId: string,
      at: Date,
    ): Promise<LinkRow> {
      const evidence: LinkEvidence[] = [{ kind: "agent", detail: "Linked by an agent" }];
      const [row] = await db
        .insert(identityLinks)
        .values({
          workspaceId,
          ...pair,
          status: "confirmed",
          confidence: 1,
          evidence,
          createdBy: userId,
          decidedBy: userId,
          decidedAt: at,
          linkedBy: "agent",
        })
        .onConflictDoUpdate({
          target: [identityLinks.customerId, identityLinks.authorId],
          set: { status: "confirmed", decidedBy: userId, decidedAt: at, linkedBy: "agent" },
        })
        .returning();
      return row!;
    },

    /**
     * The customer confirmed the pair themselves (a one-time link): the link is made confirmed,
     * whatever was suggested or rejected before, with the customer's confirmation as its evidence.
     */
    async confirmByCustomer(
      workspaceId: string,
      pair: { customerId: string; authorId: string },
      at: Date,
    ): Promise<LinkRow> {
      const evidence: LinkEvidence[] = [
        { kind: "customer", detail: "The customer confirmed it through a one-time link sent privately" },
      ];
      const [row] = await db
        .insert(identityLinks)
        .values({
          workspaceId,
          ...pair,
          status: "confirmed",
          confidence: 1,
          evidence,
          decidedAt: at,
          linkedBy: "customer",
        })
        .onConflictDoUpdate({
          target: [identityLinks.customerId, identityLinks.authorId],
          set: {
            status: "confirmed",
            confidence: 1,
            evidence,
            decidedBy: null,
            decidedAt: at,
            linkedBy: "customer",
          },
        })
        .returning();
      return row!;
    },

    async decide(
      workspaceId: string,
      id: string,
      status: "confirmed" | "rejected",
      userId: string,
      at: Date,
    ) {
      const [row] = await db
        .update(identityLinks)
        .set({ status, decidedBy: userId, decidedAt: at, linkedBy: status === "confirmed" ? "agent" : null })
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.id, id)))
        .returning();
      return row ?? null;
    },

    async removeLink(workspaceId: string, id: string): Promise<void> {
      await db
        .delete(identityLinks)
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.id, id)));
    },

    /**
     * Moves the source customer's links to the target, remembering where each came from. A pair
     * the target already holds keeps the target's link. Returns the links moved.
     */
    async moveLinks(workspaceId: string, from: string, to: string): Promise<number> {
      const theirs = await db
        .select({ authorId: identityLinks.authorId })
        .from(identityLinks)
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.customerId, to)));
      const held = theirs.map((r) => r.authorId);
      const moved = await db
        .update(identityLinks)
        .set({ customerId: to, mergedFrom: from })
        .where(
          and(
            eq(identityLinks.workspaceId, workspaceId),
            eq(identityLinks.customerId, from),
            held.length ? sql`${identityLinks.authorId} not in ${held}` : undefined,
          ),
        )
        .returning({ id: identityLinks.id });
      return moved.length;
    },

    /** Moves back the links a merge brought over from `from`. */
    async restoreLinks(workspaceId: string, from: string): Promise<number> {
      const moved = await db
        .update(identityLinks)
        .set({ customerId: from, mergedFrom: null })
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.mergedFrom, from)))
        .returning({ id: identityLinks.id });
      return moved.length;
    },

    /** The tier each of these profiles is confirmed at, when it is linked (see customerTier.ts). */
    tiersOfProfiles: (workspaceId: string, profiles: { platform: string; platformId: string }[]) =>
      confirmedTiersOf(x, workspaceId, profiles),

    /** Confirmed links of the author's profile, with the customer each leads to. */
    async confirmedCustomersOf(workspaceId: string, authorId: string): Promise<CustomerRow[]> {
      const rows = await db
        .select({ customer: customers })
        .from(identityLinks)
        .innerJoin(customers, eq(customers.id, identityLinks.customerId))
        .where(
          and(
            eq(identityLinks.workspaceId, workspaceId),
            eq(identityLinks.authorId, authorId),
            eq(identityLinks.status, "confirmed"),
          ),
        );
      return rows.map((r) => r.customer);
    },

    async authorByPlatformId(workspaceId: string, platform: string, platformId: string) {
      const [row] = await db
        .select()
        .from(authors)
        .where(
          and(
            eq(authors.workspaceId, workspaceId),
            eq(authors.platform, platform),
            eq(authors.platformId, platformId),
          ),
        );
      return row ?? null;
    },

    async authorIdsByHandle(workspaceId: string, platform: string, handle: string): Promise<string[]> {
      const rows = await db
        .select({ id: authors.id })
        .from(authors)
        .where(
          and(
            eq(authors.workspaceId, workspaceId),
            eq(authors.platform, platform),
            sql`lower(${authors.handle}) = ${handle.toLowerCase()}`,
          ),
        );
      return rows.map((r) => r.id);
    },

    async author(workspaceId: string, id: string) {
      const [row] = await db
        .select()
        .from(authors)
        .where(and(eq(authors.workspaceId, workspaceId), eq(authors.id, id)));
      return row ?? null;
    },

    /** What the author wrote (newest first, at most `limit`): the evidence suggestions are read from. */
    async textsOf(workspaceId: string, authorId: string, limit = 200) {
      const { posts } = x.t;
      return db
        .select({ text: posts.text, channel: posts.channel })
        .from(posts)
        .where(and(eq(posts.workspaceId, workspaceId), eq(posts.authorId, authorId)))
        .orderBy(desc(posts.postedAt))
        .limit(limit);
    },

    /** Drops a handle from every customer listing it (an erased profile's), keys included. */
    async forgetHandle(workspaceId: string, platform: string, handle: string): Promise<number> {
      const value = `${platform}:${handle.toLowerCase()}`;
      const holders = await db
        .select({ id: customerKeys.customerId })
        .from(customerKeys)
        .where(
          and(
            eq(customerKeys.workspaceId, workspaceId),
            eq(customerKeys.kind, "handle"),
            eq(customerKeys.value, value),
          ),
        );
      const rows = await this.getMany(
        workspaceId,
        holders.map((h) => h.id),
      );
      for (const row of rows) {
        const handles = {
          ...row.handles,
          [platform]: (row.handles[platform] ?? []).filter((h) => h !== handle.toLowerCase()),
        };
        if (handles[platform]!.length === 0) delete handles[platform];
        await db.update(customers).set({ handles }).where(eq(customers.id, row.id));
        await writeKeys(workspaceId, [{ id: row.id, fields: { ...row, handles } }]);
      }
      return rows.length;
    },

    /** Removes the customer with its keys and links (erasure). */
    async erase(workspaceId: string, id: string): Promise<{ customers: number; links: number }> {
      const links = await db
        .delete(identityLinks)
        .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.customerId, id)))
        .returning({ id: identityLinks.id });
      await db.delete(customerKeys).where(eq(customerKeys.customerId, id));
      await db.update(customers).set({ mergedInto: null }).where(eq(customers.mergedInto, id));
      const gone = await db
        .delete(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
        .returning({ id: customers.id });
      return { customers: gone.length, links: links.length };
    },
  };
}

const INSERT_CUSTOMER = `insert into customers (id, workspace_id, external_id, name, emails, phones, handles, orders,
  location, tier, language, consent, custom_fields) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_KEY =
  "insert or ignore into customer_keys (workspace_id, kind, value, customer_id) values (?, ?, ?, ?)";

/**
 * The embedded store's path for new customers (a first import): prepared statements on the
 * writing connection, inside the caller's transaction, instead of building each insert.
 */
function insertFreshSqlite(c: SqliteWriter, workspaceId: string, rows: CustomerFields[]): void {
  const customer = c.statement(INSERT_CUSTOMER);
  const key = c.statement(INSERT_KEY);
  for (const f of rows) {
    const id = uuid7();
    customer.run(
      id,
      workspaceId,
      f.externalId,
      f.name,
      JSON.stringify(f.emails),
      JSON.stringify(f.phones),
      JSON.stringify(f.handles),
      JSON.stringify(f.orders),
      f.location,
      f.tier,
      f.language,
      JSON.stringify(f.consent),
      JSON.stringify(f.customFields),
    );
    for (const k of keysOf(f)) key.run(workspaceId, k.kind, k.value, id);
  }
}
