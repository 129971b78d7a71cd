/**
 * Customers as the CRM knows them: identifiers normalized so evidence can be compared, consent
 * flags with their defaults, and the keys a customer is found by. Pure: no I/O.
 */

export const TIERS = ["standard", "silver", "gold", "vip"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * A tier as the priority formula's customer value (0..1): standard adds nothing, each tier up a
 * third more of the `customerValue` weight (src/analysis/priority.ts).
 */
export const TIER_VALUE: Record<Tier, number> = { standard: 0, silver: 1 / 3, gold: 2 / 3, vip: 1 };

/** The higher of two tiers (null is none). */
export function higherTier(a: Tier | null, b: Tier | null): Tier | null {
  if (a === null) return b;
  if (b === null) return a;
  return TIERS.indexOf(b) > TIERS.indexOf(a) ? b : a;
}

/** May we answer them publicly, contact them privately, send them a survey. */
export interface CustomerConsent {
  publicReply: boolean;
  privateContact: boolean;
  survey: boolean;
}

/** Nothing declined until the customer says so. */
export const DEFAULT_CONSENT: CustomerConsent = { publicReply: true, privateContact: true, survey: true };

export type ConsentPurpose = keyof CustomerConsent;

export type EvidenceKind = "handle" | "email" | "phone" | "order" | "name_location" | "agent" | "customer";

export interface LinkEvidence {
  kind: EvidenceKind;
  /** What matched, in words an agent reads ("email j.doe@example.com in a private message"). */
  detail: string;
}

export interface CustomerFields {
  externalId: string | null;
  name: string | null;
  emails: string[];
  phones: string[];
  handles: Record<string, string[]>;
  orders: string[];
  location: string | null;
  tier: Tier;
  language: string | null;
  consent: CustomerConsent;
  customFields: Record<string, string>;
}

export type CustomerKeyKind = "email" | "phone" | "handle" | "order" | "name";

export interface CustomerKey {
  kind: CustomerKeyKind;
  value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A lower-case address, or null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) && email.length <= 254 ? email : null;
}

/**
 * Digits only, keeping a leading + (the country code was given). Null below 7 digits or above 15
 * (E.164's longest).
 */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return null;
  return trimmed.startsWith("+") || trimmed.startsWith("00") ? `+${digits.replace(/^00/, "")}` : digits;
}

/**
 * The part of a phone number two writings of it share: its last nine digits (a national number
 * without its trunk 0 or its country code).
 */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.slice(-9);
}

export function normalizeHandle(raw: string): string {
  return raw.trim().replace(/^@/, "").toLowerCase();
}

export function normalizeOrder(raw: string): string {
  return raw.trim().toUpperCase();
}

/** A name folded for comparison: lower case, accents and punctuation dropped, spaces single. */
export function nameKey(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Every key the customer is found by, without repeats. */
export function customerKeys(c: Pick<CustomerFields, "emails" | "phones" | "handles" | "orders" | "name">) {
  const keys = new Map<string, CustomerKey>();
  const add = (kind: CustomerKeyKind, value: string) => {
    if (value) keys.set(`${kind}\u0000${value}`, { kind, value });
  };
  for (const e of c.emails) add("email", e);
  for (const p of c.phones) add("phone", phoneKey(p));
  for (const [platform, list] of Object.entries(c.handles))
    for (const h of list) add("handle", `${platform}:${h}`);
  for (const o of c.orders) add("order", o);
  if (c.name) add("name", nameKey(c.name));
  return [...keys.values()];
}

/** Whether the customer allows this: consent is checked per purpose, a merged customer's by its own flags. */
export function consents(consent: CustomerConsent, purpose: ConsentPurpose): boolean {
  return consent[purpose] !== false;
}
