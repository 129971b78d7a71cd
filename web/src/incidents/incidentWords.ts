/** Plain words for an incident's state and counts, shared by the list and the incident page. */
import type { IncidentView } from "../api/types.ts";

export function stateWords(incident: IncidentView): string {
  if (incident.state === "answering") return "Answering";
  return incident.state === "answered" ? "Answered" : "Open";
}

/** "12 items · 11 answered (9 sent) · 12 closed", with failures and skips when there are any. */
export function countsLine(incident: IncidentView): string {
  const c = incident.counts;
  const parts = [`${c.items} ${c.items === 1 ? "item" : "items"}`];
  if (incident.state !== "open" || c.replied > 0) parts.push(`${c.replied} answered (${c.sent} sent)`);
  if (c.failed > 0) parts.push(`${c.failed} could not be answered`);
  if (c.skipped > 0) parts.push(`${c.skipped} closed before the answer`);
  if (c.awaitingApproval > 0) parts.push(`${c.awaitingApproval} awaiting approval`);
  if (c.replyFailed > 0) parts.push(`${c.replyFailed} failed to send`);
  parts.push(`${c.closed} closed`);
  return parts.join(" · ");
}
