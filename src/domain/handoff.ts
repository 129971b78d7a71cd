/**
 * A hand-off's statuses and the moves between them. Parley writes `queued`, `delivered` and
 * `failed`; the external contact center reports `accepted`, `assigned`, `handled` or `rejected`.
 * Statuses only move forward, so a late or repeated report never undoes a newer one. Pure.
 */
import { ParleyError } from "../errors.ts";

export const HANDOFF_STATUSES = [
  "queued",
  "delivered",
  "accepted",
  "assigned",
  "handled",
  "rejected",
  "failed",
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** What the external contact center may report. */
export const REPORTED_STATUSES = ["accepted", "assigned", "handled", "rejected"] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

const RANK: Record<HandoffStatus, number> = {
  queued: 0,
  delivered: 1,
  accepted: 2,
  assigned: 3,
  handled: 4,
  rejected: 4,
  failed: 4,
};

export function isFinalHandoff(status: HandoffStatus): boolean {
  return RANK[status] === 4;
}

/**
 * Whether a reported status changes the hand-off: `false` for the status it already has (a
 * repeated report is harmless), an error for one that would move it back or reopen a closed one.
 * A report may come before Parley marked the delivery (the receiver answers while Parley waits
 * for its 200), so `accepted` moves a queued hand-off too.
 */
export function applyReport(current: HandoffStatus, reported: ReportedStatus): boolean {
  if (current === reported) return false;
  if (isFinalHandoff(current)) {
    throw new ParleyError("handoff_closed", `The hand-off is already ${current}`);
  }
  if (RANK[reported] <= RANK[current]) {
    throw new ParleyError("handoff_status_backwards", `The hand-off is already ${current}`);
  }
  return true;
}

/** The state a handed-off work item takes after a report: resolved, back to the inbox, or unchanged. */
export function workItemAfterReport(reported: ReportedStatus): "handled" | "new" | null {
  if (reported === "handled") return "handled";
  if (reported === "rejected") return "new";
  return null;
}

/** A hand-off's reason (what the agent says the contact center should know): trimmed, 1–2,000 characters. */
export function validHandoffReason(reason: string): string {
  const text = reason.trim();
  if (text.length === 0) throw new ParleyError("handoff_reason_required");
  if (text.length > 2000)
    throw new ParleyError("validation_failed", "The reason is longer than 2,000 characters");
  return text;
}
