/**
 * What a person has consented to, for whoever is about to contact them. `consentFor` is the one
 * question every sender asks: the reply path before a public or private answer, the survey sender
 * before a survey. A profile with no confirmed customer has declined nothing; a profile linked to
 * customers is refused a purpose any of them declined (a suggestion counts for nothing).
 */
import { type ConsentPurpose, type CustomerConsent, consents, DEFAULT_CONSENT } from "../domain/customer.ts";
import type { Store } from "../store/index.ts";

export interface ConsentAnswer {
  allowed: boolean;
  /** The linked customer that declined, when one did. */
  declinedBy: string | null;
}

/** The flags that apply to an author: each one false when any linked customer declined it. */
export async function consentOfAuthor(
  store: Store,
  workspaceId: string,
  authorId: string,
): Promise<CustomerConsent> {
  const linked = await store.customers.confirmedCustomersOf(workspaceId, authorId);
  const out = { ...DEFAULT_CONSENT };
  for (const c of linked)
    for (const purpose of Object.keys(out) as ConsentPurpose[])
      if (!consents(c.consent, purpose)) out[purpose] = false;
  return out;
}

export async function consentFor(
  store: Store,
  workspaceId: string,
  person: { authorId: string } | { platform: string; platformId: string },
  purpose: ConsentPurpose,
): Promise<ConsentAnswer> {
  let authorId: string | null = "authorId" in person ? person.authorId : null;
  if (!authorId && "platform" in person)
    authorId =
      (await store.customers.authorByPlatformId(workspaceId, person.platform, person.platformId))?.id ?? null;
  if (!authorId) return { allowed: true, declinedBy: null };
  for (const c of await store.customers.confirmedCustomersOf(workspaceId, authorId))
    if (!consents(c.consent, purpose)) return { allowed: false, declinedBy: c.id };
  return { allowed: true, declinedBy: null };
}

export function consentService(store: Store) {
  return {
    consentFor: (
      workspaceId: string,
      person: { authorId: string } | { platform: string; platformId: string },
      purpose: ConsentPurpose,
    ) => consentFor(store, workspaceId, person, purpose),
  };
}
