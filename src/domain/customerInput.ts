/**
 * A customer as an admin, an agent or a CRM row gives it, checked and normalized. Identifiers that
 * are not what they claim (an email without @, a phone without digits) are refused with the
 * field named, so a bad row changes nothing.
 */
import { z } from "zod";
import {
  type CustomerConsent,
  type CustomerFields,
  DEFAULT_CONSENT,
  normalizeEmail,
  normalizeHandle,
  normalizeOrder,
  normalizePhone,
  TIERS,
} from "./customer.ts";

const text = (max: number) => z.string().trim().max(max);

export const customerInput = z.object({
  externalId: text(200).min(1).nullable().optional(),
  name: text(300).nullable().optional(),
  emails: z.array(text(254)).max(20).optional(),
  phones: z.array(text(40)).max(20).optional(),
  handles: z.record(text(40).min(1), z.array(text(200).min(1)).max(20)).optional(),
  orders: z.array(text(100).min(1)).max(200).optional(),
  location: text(200).nullable().optional(),
  tier: z.enum(TIERS).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, "an ISO 639 code such as en")
    .nullable()
    .optional(),
  consent: z
    .object({ publicReply: z.boolean(), privateContact: z.boolean(), survey: z.boolean() })
    .partial()
    .optional(),
  customFields: z.record(text(100).min(1), text(2000)).optional(),
});
export type CustomerInput = z.infer<typeof customerInput>;

export class CustomerFieldError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

function each(values: string[], field: string, normalize: (v: string) => string | null): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v === "") continue;
    const n = normalize(v);
    if (n === null) throw new CustomerFieldError(field, `${field}: "${v}" is not valid`);
    out.add(n);
  }
  return [...out];
}

/** The stored fields: `base` (the customer as it is) overlaid with what the input gives. */
export function customerFields(input: CustomerInput, base?: CustomerFields): CustomerFields {
  const handles: Record<string, string[]> = {};
  for (const [platform, list] of Object.entries(input.handles ?? base?.handles ?? {})) {
    const clean = [...new Set(list.map(normalizeHandle).filter(Boolean))];
    if (clean.length) handles[platform.toLowerCase()] = clean;
  }
  const consent: CustomerConsent = { ...DEFAULT_CONSENT, ...base?.consent, ...input.consent };
  const pick = <K extends keyof CustomerFields>(k: K, fallback: CustomerFields[K]): CustomerFields[K] =>
    (input[k as keyof CustomerInput] as CustomerFields[K] | undefined) ?? base?.[k] ?? fallback;
  return {
    externalId: input.externalId !== undefined ? (input.externalId ?? null) : (base?.externalId ?? null),
    name: input.name !== undefined ? input.name || null : (base?.name ?? null),
    emails: input.emails ? each(input.emails, "emails", normalizeEmail) : (base?.emails ?? []),
    phones: input.phones ? each(input.phones, "phones", normalizePhone) : (base?.phones ?? []),
    handles,
    orders: input.orders ? [...new Set(input.orders.map(normalizeOrder))] : (base?.orders ?? []),
    location: input.location !== undefined ? input.location || null : (base?.location ?? null),
    tier: pick("tier", "standard"),
    language: input.language !== undefined ? input.language : (base?.language ?? null),
    consent,
    customFields: pick("customFields", {}),
  };
}
