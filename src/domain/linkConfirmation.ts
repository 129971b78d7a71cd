/**
 * The customer confirms a link themselves: a private message carries a one-time link to a small
 * public page. These rules decide its text, how long it lasts and what state a request is in. Pure.
 */

/** How long a confirmation link works. */
export const LINK_CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60_000;

/** What stands for the token in the stored message: the token itself is put in only when sent. */
export const TOKEN_STAND_IN = "[one-time code]";

/** What the secret box derives a request's token under. */
export const LINK_TOKEN_PURPOSE = "link confirmation";

/** The page's address for a token: a fragment, so the token never reaches a server's log or a Referer. */
export function confirmationUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, "")}/#/confirm/${token}`;
}

/** The private message asking the customer to confirm; it ends with the link. */
export function confirmationText(brand: string, handle: string, url: string): string {
  return (
    `Hello @${handle.replace(/^@/, "")}, ${brand} would like to link this account to your customer record. ` +
    `If this account is yours, open this link and press Confirm (it works once, for 7 days): ${url}`
  );
}

/** The message as sent: the stored text with the token in place of its stand-in at the end. */
export function withToken(stored: string, token: string): string | null {
  return stored.endsWith(TOKEN_STAND_IN) ? stored.slice(0, -TOKEN_STAND_IN.length) + token : null;
}

export type ConfirmationState = "open" | "used" | "expired";

export function confirmationState(
  request: { usedAt: Date | null; expiresAt: Date },
  now: number,
): ConfirmationState {
  if (request.usedAt) return "used";
  return request.expiresAt.getTime() <= now ? "expired" : "open";
}
