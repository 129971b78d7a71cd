/**
 * The tier of the customer a social profile is confirmed as: what routing rules and SLA policies
 * read as `customer_tier` / `tier`. A profile confirmed for several customers takes the highest.
 */
import { TIERS, type Tier } from "../domain/customer.ts";
import type { Executor } from "./executor.ts";
import { and, eq, isNull } from "./orm.ts";

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
  for (const { tier } of rows) if (best === null || TIERS.indexOf(tier) > TIERS.indexOf(best)) best = tier;
  return best;
}
