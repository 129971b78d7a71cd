/**
 * Satisfaction surveys: whether to invite a customer once their item is resolved, and the
 * invitation's words in the post's language. Pure: the survey job gathers the facts. `mayInvite`
 * is the one place that decides, so further conditions (such as a customer's consent) join it.
 */
import { baseLanguage } from "./templates.ts";

export interface SurveySettings {
  enabled: boolean;
  /** How long after the resolve the invitation goes out. */
  delayMs: number;
  /** Days during which a person invited once is not invited again. */
  cooldownDays: number;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  enabled: true,
  delayMs: 5 * 60_000,
  cooldownDays: 30,
};

export interface InviteFacts {
  settings: SurveySettings;
  now: number;
  /** The item is still resolved (not reopened or moved since). */
  resolved: boolean;
  /** The author is the brand's or an employee's account. */
  authorIsBrand: boolean;
  /** Why the conversation's source cannot answer in the post's channel; null when it can. */
  channelUnavailable: string | null;
  /** When this person was last invited, in this workspace. */
  lastInvitedAt: number | null;
  /**
   * Why the person may not be asked, from their linked customer's consent (surveys, or contact on
   * the invitation's channel); null when nothing was declined.
   */
  consentDeclined: string | null;
}

export type InviteDecision = { invite: true } | { invite: false; reason: string };

export function mayInvite(facts: InviteFacts): InviteDecision {
  if (!facts.settings.enabled) return { invite: false, reason: "Surveys are turned off" };
  if (!facts.resolved) return { invite: false, reason: "The item is no longer resolved" };
  if (facts.authorIsBrand) return { invite: false, reason: "The author is the brand" };
  if (facts.channelUnavailable) return { invite: false, reason: facts.channelUnavailable };
  if (facts.consentDeclined) return { invite: false, reason: facts.consentDeclined };
  const cooldownMs = facts.settings.cooldownDays * 24 * 60 * 60_000;
  if (facts.lastInvitedAt !== null && facts.now - facts.lastInvitedAt < cooldownMs) {
    return { invite: false, reason: `Invited less than ${facts.settings.cooldownDays} days ago` };
  }
  return { invite: true };
}

const INVITATIONS: Record<string, (brand: string) => string> = {
  en: (b) =>
    `Thanks for talking to ${b}. How would you rate our help from 1 (poor) to 5 (excellent)? Just reply with a number.`,
  es: (b) =>
    `Gracias por hablar con ${b}. ¿Cómo valoras nuestra ayuda del 1 (mala) al 5 (excelente)? Responde solo con un número.`,
  fr: (b) =>
    `Merci d'avoir contacté ${b}. Quelle note donnez-vous à notre aide, de 1 (mauvaise) à 5 (excellente) ? Répondez simplement par un chiffre.`,
  de: (b) =>
    `Danke, dass Sie sich an ${b} gewandt haben. Wie bewerten Sie unsere Hilfe von 1 (schlecht) bis 5 (ausgezeichnet)? Antworten Sie einfach mit einer Zahl.`,
  pt: (b) =>
    `Obrigado por falar com ${b}. Como avalia a nossa ajuda de 1 (má) a 5 (excelente)? Responda só com um número.`,
  it: (b) =>
    `Grazie per aver contattato ${b}. Come valuti il nostro aiuto da 1 (scarso) a 5 (eccellente)? Rispondi solo con un numero.`,
};

/** The invitation in the post's language (English when Parley has none for it). */
export function invitationText(language: string | null, brand: string, handle?: string): string {
  const words = INVITATIONS[baseLanguage(language) ?? "en"] ?? INVITATIONS.en!;
  const text = words(brand);
  return handle ? `@${handle} ${text}` : text;
}
