/**
 * The tier of the customer a social profile is confirmed as: what routing rules and SLA policies
 * read as `customer_tier` / `tier`. A profile confirmed for several customers takes the highest.
 */
import { higherTier, type Tier } from "../domain/customer.ts";
import type { Executor } from "./executor.ts";
import { and, eq, inArray, isNull } from "./orm.ts";

export async function confirmedTier(x: Executor, authorId: string): Promise<Tier | null> {
  const { identityLinks, customers } = x.t;
  const rows = await x.db
    .select({ tier: customers.tier })
    .from(identityLinks)
    .innerJoin(customers, eq(customers.id, identityLinks.customerId))
    .where(
      and(
        eq(identityLinks.authorId, authorId),
        eq(identityLinks.status, "confirmed"),
        isNull(customers.mergedInto),
      ),
    );
  let best: Tier | null = null;
  for (const { tier } of rows) best = higherTier(best, tier);
  return best;
}

/**
 * The confirmed tier of each of these profiles (by platform and platform id) that has one, keyed
 * `platform NUL platformId`: what the pipeline gives priority as the customer's value. One read per
 * batch, found through the authors' key and the links' author index.
 */
export async function confirmedTiersOf(
  x: Executor,
  workspaceId: string,
  profiles: { platform: string; platformId: string }[],
): Promise<Map<string, Tier>> {
  const out = new Map<string, Tier>();
  if (profiles.length === 0) return out;
  const { identityLinks, customers, authors } = x.t;
  // Most batches of a workspace without confirmed customers cost one index probe.
  const [any] = await x.db
    .select({ id: identityLinks.id })
    .from(identityLinks)
    .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.status, "confirmed")))
    .limit(1);
  if (!any) return out;
  // By platform, so each read goes through the authors' (workspace, platform, platform id) key.
  const byPlatform = new Map<string, Set<string>>();
  for (const p of profiles) {
    const ids = byPlatform.get(p.platform) ?? new Set<string>();
    ids.add(p.platformId);
    byPlatform.set(p.platform, ids);
  }
  for (const [platform, set] of byPlatform) {
    const ids = [...set];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await x.db
        .select({ platformId: authors.platformId, tier: customers.tier })
        .from(authors)
        .innerJoin(identityLinks, eq(identityLinks.authorId, authors.id))
        .innerJoin(customers, eq(customers.id, identityLinks.customerId))
        .where(
          and(
            eq(authors.workspaceId, workspaceId),
            eq(authors.platform, platform),
            inArray(authors.platformId, ids.slice(i, i + 500)),
            eq(identityLinks.status, "confirmed"),
            isNull(customers.mergedInto),
          ),
        );
      for (const r of rows) {
        const key = `${platform}\u0000${r.platformId}`;
        out.set(key, higherTier(out.get(key) ?? null, r.tier)!);
      }
    }
  }
  return out;
}
