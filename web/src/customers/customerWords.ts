/** Words the customer pages use for tiers, consent and evidence. */
import type { CustomerView } from "./customerApi.ts";

export const TIER_WORDS: Record<CustomerView["tier"], string> = {
  standard: "Standard",
  silver: "Silver",
  gold: "Gold",
  vip: "VIP",
};

export const CONSENT_WORDS: Record<keyof CustomerView["consent"], string> = {
  publicReply: "Public answers",
  privateContact: "Private messages",
  survey: "Surveys",
};

/** "Declined: public answers, surveys", or null when nothing was declined. */
export function declinedWords(consent: CustomerView["consent"]): string | null {
  const declined = (Object.keys(CONSENT_WORDS) as (keyof CustomerView["consent"])[]).filter(
    (k) => !consent[k],
  );
  return declined.length
    ? `Declined: ${declined.map((k) => CONSENT_WORDS[k].toLowerCase()).join(", ")}`
    : null;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}

/** A comma- or line-separated list as its items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
