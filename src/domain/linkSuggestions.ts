/**
 * Suggested links between a social profile and CRM customers, from evidence: the same handle on
 * the same platform in the CRM; an email, phone or order number the author wrote in a private
 * message; the author's name with the customer's location in what they wrote. Each suggestion
 * carries its evidence and a confidence; nothing here links anyone (an agent decides). Pure.
 */
import {
  type CustomerKey,
  type LinkEvidence,
  nameKey,
  normalizeEmail,
  normalizeHandle,
  normalizeOrder,
  normalizePhone,
  phoneKey,
} from "./customer.ts";

/** How strongly each kind of evidence alone points at a customer who is the only one holding it. */
export const EVIDENCE_WEIGHTS = {
  handle: 0.95,
  email: 0.95,
  phone: 0.9,
  order: 0.9,
  nameLocation: 0.45,
  name: 0.25,
} as const;

/** Suggestions below this confidence are not shown. */
export const SUGGEST_THRESHOLD = 0.6;

export interface AuthorEvidenceInput {
  platform: string;
  handle: string;
  name: string | null;
  /** What the author wrote to the brand privately: where identifiers may be given. */
  privateTexts: string[];
  /** Everything the author wrote (private and public): where a place may be named. */
  allTexts: string[];
}

export interface CandidateCustomer {
  id: string;
  name: string | null;
  emails: string[];
  phones: string[];
  handles: Record<string, string[]>;
  orders: string[];
  location: string | null;
}

export interface Suggestion {
  customerId: string;
  confidence: number;
  evidence: LinkEvidence[];
}

export interface Extracted {
  emails: string[];
  phones: string[];
  orders: string[];
}

const EMAILS = /[^\s@<>()[\]{},;:"']+@[^\s@<>()[\]{},;:"']+\.[a-z]{2,}/gi;
const PHONES = /(?:\+|\b)\d[\d ().-]{5,18}\d\b/g;
// Order and account numbers: letters then digits, or long digit runs, as CRMs print them.
const ORDERS = /\b(?:[a-z]{1,4}[-#]?\d{4,}[a-z0-9-]*|\d{6,})\b/gi;
const LETTERED_ORDERS = /\b[a-z]{1,4}[-#]?\d{4,}[a-z0-9-]*\b/gi;

/** Identifiers in private messages, normalized as the CRM's are. */
export function extractIdentifiers(texts: string[]): Extracted {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const orders = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(EMAILS)) {
      const e = normalizeEmail(m[0].replace(/\.$/, ""));
      if (e) emails.add(e);
    }
    const withoutEmails = text.replace(EMAILS, " ");
    // An order number's digits are no phone number.
    for (const m of withoutEmails.replace(LETTERED_ORDERS, " ").matchAll(PHONES)) {
      const p = normalizePhone(m[0]);
      if (p) phones.add(p);
    }
    for (const m of withoutEmails.matchAll(ORDERS)) orders.add(normalizeOrder(m[0]));
  }
  return { emails: [...emails], phones: [...phones], orders: [...orders] };
}

/** The keys to look customers up by for this author. */
export function lookupKeys(author: AuthorEvidenceInput, found: Extracted): CustomerKey[] {
  const keys: CustomerKey[] = [
    { kind: "handle", value: `${author.platform}:${normalizeHandle(author.handle)}` },
  ];
  for (const e of found.emails) keys.push({ kind: "email", value: e });
  for (const p of found.phones) keys.push({ kind: "phone", value: phoneKey(p) });
  for (const o of found.orders) keys.push({ kind: "order", value: o });
  if (author.name && nameKey(author.name)) keys.push({ kind: "name", value: nameKey(author.name) });
  return keys;
}

function mentionsPlace(words: string, place: string): boolean {
  const key = nameKey(place);
  return key.length > 0 && ` ${words} `.includes(` ${key} `);
}

/**
 * Scores every candidate (customers found by any of the author's keys). Evidence shared by several
 * customers is split between them, so a name two customers share, or an address a family shares,
 * suggests neither with confidence. Independent evidence adds up: 1 − Π(1 − weight).
 */
export function suggestLinks(author: AuthorEvidenceInput, candidates: CandidateCustomer[]): Suggestion[] {
  const found = extractIdentifiers(author.privateTexts);
  const handle = normalizeHandle(author.handle);
  const authorName = author.name ? nameKey(author.name) : "";
  const words = nameKey(author.allTexts.join(" "));
  type Hit = { weight: number; evidence: LinkEvidence; group: string };
  const hits = new Map<string, Hit[]>();
  const holders = new Map<string, number>();
  const hit = (customerId: string, group: string, weight: number, evidence: LinkEvidence) => {
    const list = hits.get(customerId) ?? [];
    list.push({ weight, evidence, group });
    hits.set(customerId, list);
    holders.set(group, (holders.get(group) ?? 0) + 1);
  };
  const phoneKeys = new Map(found.phones.map((p) => [phoneKey(p), p]));
  for (const c of candidates) {
    if ((c.handles[author.platform] ?? []).includes(handle))
      hit(c.id, "handle", EVIDENCE_WEIGHTS.handle, {
        kind: "handle",
        detail: `The CRM lists @${handle} on ${author.platform} for this customer`,
      });
    for (const e of c.emails)
      if (found.emails.includes(e))
        hit(c.id, `email:${e}`, EVIDENCE_WEIGHTS.email, {
          kind: "email",
          detail: `The author gave the email ${e} in a private message`,
        });
    for (const p of c.phones) {
      const given = phoneKeys.get(phoneKey(p));
      if (given)
        hit(c.id, `phone:${phoneKey(p)}`, EVIDENCE_WEIGHTS.phone, {
          kind: "phone",
          detail: `The author gave the phone number ${given} in a private message`,
        });
    }
    for (const o of c.orders)
      if (found.orders.includes(o))
        hit(c.id, `order:${o}`, EVIDENCE_WEIGHTS.order, {
          kind: "order",
          detail: `The author gave the order number ${o} in a private message`,
        });
    if (authorName && c.name && nameKey(c.name) === authorName) {
      if (c.location && mentionsPlace(words, c.location))
        hit(c.id, "name_location", EVIDENCE_WEIGHTS.nameLocation, {
          kind: "name_location",
          detail: `Same name (${c.name}) and the author mentions ${c.location}`,
        });
      else
        hit(c.id, "name", EVIDENCE_WEIGHTS.name, {
          kind: "name_location",
          detail: `Same name (${c.name})`,
        });
    }
  }
  const out: Suggestion[] = [];
  for (const [customerId, list] of hits) {
    let miss = 1;
    for (const h of list) miss *= 1 - h.weight / (holders.get(h.group) ?? 1);
    const confidence = Math.round((1 - miss) * 1000) / 1000;
    if (confidence >= SUGGEST_THRESHOLD)
      out.push({ customerId, confidence, evidence: list.map((h) => h.evidence) });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.customerId.localeCompare(b.customerId));
}
