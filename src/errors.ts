/**
 * The catalogue of errors Parley reports. Clients and tests branch on `code`, never on the message.
 * Each entry fixes the HTTP status so every surface (REST, CLI, import reports) speaks the same way.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: "The request is not valid" },
  malformed_json: { status: 400, message: "The body is not valid JSON" },
  malformed_line: { status: 400, message: "The line could not be read" },
  invalid_encoding: {
    status: 400,
    message: "The input holds text that cannot be stored (broken UTF-8, NUL or an unpaired surrogate)",
  },
  invalid_query: { status: 400, message: "The campaign query is not valid" },
  invalid_cursor: { status: 400, message: "The pagination cursor is not valid" },
  unauthenticated: { status: 401, message: "Sign in first" },
  invalid_credentials: { status: 401, message: "Wrong email or password" },
  second_factor_required: { status: 401, message: "Enter the code from your authenticator app" },
  forbidden: { status: 403, message: "Your role does not allow this" },
  origin_refused: { status: 403, message: "Requests from other sites or origins are refused" },
  not_found: { status: 404, message: "Not found" },
  conflict: { status: 409, message: "It already exists" },
  setup_done: { status: 409, message: "Parley is already set up: sign in instead" },
  invalid_setup_code: { status: 401, message: "That setup code is wrong: use the one in the server's log" },
  work_item_reserved: { status: 409, message: "Another agent holds this work item" },
  invalid_transition: {
    status: 409,
    message: "The work item cannot move to that state from its current one",
  },
  work_item_not_held: {
    status: 409,
    message: "Take the work item first: only its holder (or a supervisor) may answer, resolve or discard it",
  },
  too_many_saved_views: {
    status: 409,
    message: "You keep the most saved views allowed: delete one first",
  },
  work_item_closed: { status: 409, message: "The work item is closed: reopen it to answer" },
  reply_empty: { status: 400, message: "The reply has no text" },
  reply_too_long: { status: 400, message: "The reply is longer than the platform allows" },
  reply_unsupported: { status: 409, message: "This conversation's source cannot send replies" },
  reply_channel_unsupported: {
    status: 409,
    message: "This conversation's source cannot answer on that channel",
  },
  template_variable_unknown: {
    status: 400,
    message: "The template names a variable Parley does not know",
  },
  template_malformed: { status: 400, message: "A placeholder of the template is not closed" },
  template_variable_missing: { status: 400, message: "A variable of the template has no value" },
  reply_unfilled_variable: {
    status: 400,
    message: "The reply still holds a template variable: fill it in before sending",
  },
  reply_not_awaiting_approval: {
    status: 409,
    message: "The reply is not waiting for approval: someone decided on it already",
  },
  reject_reason_required: { status: 400, message: "Say why the reply is rejected: the agent sees it" },
  not_offered: { status: 409, message: "This work item is not offered to you" },
  sla_calendar_in_use: {
    status: 409,
    message: "An SLA policy counts its targets in this calendar: change the policy first",
  },
  offer_expired: { status: 409, message: "The offer ran out: the item went back to its queue" },
  agent_at_capacity: { status: 409, message: "The agent has no room for another item" },
  agent_lacks_skills: { status: 409, message: "The agent lacks a skill the item's queue requires" },
  discard_reason_required: {
    status: 400,
    message: "Choose why the item is discarded: irrelevant, spam, duplicate or other",
  },
  payload_too_large: { status: 413, message: "The body is too large" },
  unsupported_media_type: { status: 415, message: "Unsupported content type" },
  rate_limited: { status: 429, message: "Too many requests" },
  internal: { status: 500, message: "Something went wrong on our side" },
  unavailable: { status: 503, message: "Not ready yet" },
  credentials_key_missing: {
    status: 503,
    message: "Set PARLEY_CREDENTIALS_KEY so the source's credentials can be stored encrypted",
  },
  unknown_source_kind: { status: 400, message: "No source of that kind" },
  source_check_unsupported: { status: 409, message: "Sources of this kind have no connection test" },
  source_disabled: { status: 409, message: "The source is disabled" },
  source_not_creatable: {
    status: 400,
    message: "Sources of that kind are made by their command (parley import), not through the API",
  },
  source_busy: { status: 409, message: "Another process is running this source" },
  signature_invalid: { status: 401, message: "The request's signature does not match" },
  signature_expired: { status: 401, message: "The request's timestamp is outside the allowed window" },
  handoff_not_configured: {
    status: 409,
    message: "No hand-off endpoint is set up and enabled for this workspace: an admin sets it in Settings",
  },
  handoff_reason_required: { status: 400, message: "Say why the item is handed off" },
  handoff_url_refused: {
    status: 400,
    message: "The hand-off URL is refused: use http(s) to a public address, or allow private networks",
  },
  incident_answered: {
    status: 409,
    message: "The incident was answered already: each of its items has its reply",
  },
  incident_answering: {
    status: 409,
    message: "The incident's answer is being written to its items already",
  },
  incident_variable_unavailable: {
    status: 400,
    message: "An incident's answer can use {{customer_name}}, {{agent_name}} and {{brand_name}} only",
  },
  alert_url_refused: {
    status: 400,
    message:
      "The alert's webhook or chat URL is refused: use http(s) to a public address, or allow private networks",
  },
  alert_email_not_configured: {
    status: 409,
    message: "Alerts cannot be sent by email: no SMTP server is configured (PARLEY_ALERT_SMTP_URL)",
  },
  handoff_closed: { status: 409, message: "The hand-off is closed: its status cannot change" },
  handoff_status_backwards: {
    status: 409,
    message: "The hand-off has already moved past that status",
  },
  consent_declined: {
    status: 409,
    message: "The customer declined this kind of contact: answer on a channel they accept",
  },
  private_channel_unavailable: {
    status: 409,
    message: "Parley has no private channel to this profile: it cannot send the customer a private message",
  },
  link_token_unknown: {
    status: 404,
    message: "This confirmation link is not known: check that it was copied whole",
  },
  link_token_used: { status: 410, message: "This confirmation link was used already" },
  link_token_expired: {
    status: 410,
    message: "This confirmation link has expired: ask the brand for a new one",
  },
  customer_mapping_invalid: { status: 400, message: "The column mapping does not fit the file" },
  customer_external_id_missing: { status: 400, message: "The row has no external id" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERRORS[code].message);
    this.name = "ParleyError";
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isParleyError(err: unknown, code?: ErrorCode): err is ParleyError {
  return err instanceof ParleyError && (code === undefined || err.code === code);
}
