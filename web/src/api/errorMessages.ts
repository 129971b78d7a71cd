/** Plain words for the error codes the app can meet. Branches on code only; the server's text is a fallback. */
import { ApiError } from "./client.ts";

const PLAIN_WORDS: Record<string, string> = {
  invalid_credentials: "That email and password do not match an account.",
  unauthenticated: "Your session has ended. Sign in again.",
  forbidden: "Your role does not allow this.",
  not_found: "This item no longer exists.",
  work_item_reserved: "Another agent is holding this item. Ask them or a supervisor to release it.",
  invalid_transition:
    "This item has already moved on, so that action no longer applies. The view now shows its current state.",
  work_item_not_held: "Claim this item before answering it.",
  work_item_closed: "This item is closed. Reopen it to answer.",
  rate_limited: "Too many requests in a short time. Wait a moment and try again.",
  invalid_setup_code: "That setup code is wrong. Copy the one the server printed when it started.",
  setup_done: "Parley is already set up. Sign in instead.",
  network_error: "The server could not be reached. Check your connection and try again.",
  unavailable: "Parley is starting up. Try again in a moment.",
  private_channel_unavailable:
    "Parley has no private conversation with this profile that it can answer, so it cannot send the customer a link.",
  consent_declined: "The customer declined this kind of contact.",
  internal: "Something went wrong on the server. Try again; if it keeps happening, tell an admin.",
};

export function plainErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    return PLAIN_WORDS[error.code] ?? (error.message || "The request failed.");
  }
  return "Something unexpected went wrong.";
}
