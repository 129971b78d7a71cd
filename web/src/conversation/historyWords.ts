/** A work item's history in words, one line per step. Pure, tested without a browser. */
import type { ItemHistoryEntry } from "../../../src/domain/itemHistoryViews.ts";

export type { ItemHistoryEntry };

const ROUTED_WHY: Record<string, string> = {
  rule: "by a routing rule",
  reopened: "again, reopened",
  overflow: "after waiting too long in its queue",
  escalation: "by an SLA escalation",
};

const OFFER_END: Record<string, string> = {
  declined: "declined",
  expired: "not taken in time",
  unavailable: "the agent went away",
};

const SLA_WORDS: Record<string, string> = { on_time: "on time", at_risk: "at risk", breached: "breached" };

/** "Alex Agent", or who else did it when no one in the brand did. */
function who(entry: ItemHistoryEntry, otherwise: string): string {
  return entry.actor?.name ?? otherwise;
}

export function historyWords(entry: ItemHistoryEntry): string {
  const d = entry.detail;
  const agent = entry.agent?.name ?? "an agent";
  const queue = entry.queue?.name ?? "no queue";
  const channel = d.channel === "private" ? " privately" : d.channel === "public" ? " publicly" : "";
  switch (entry.kind) {
    case "opened":
      return "Opened by the customer's post";
    case "routed":
      return `Put in ${queue} ${ROUTED_WHY[String(d.reason)] ?? ""}`.trim();
    case "offered":
      return `Offered to ${agent}`;
    case "offer_ended":
      return `Offer to ${agent} ended: ${OFFER_END[String(d.reason)] ?? String(d.reason)}`;
    case "claimed":
      return `Taken by ${agent}`;
    case "transferred":
      return entry.agent
        ? `Transferred to ${agent} by ${who(entry, "Parley")}`
        : `Moved to ${queue} by ${who(entry, "Parley")}`;
    case "released":
      return `Released by ${who(entry, "Parley")}`;
    case "resolved":
      return `Resolved by ${who(entry, "Parley")}`;
    case "discarded":
      return `Discarded by ${who(entry, "Parley")}${d.reason ? ` (${String(d.reason)})` : ""}`;
    case "reopened":
      return entry.actor ? `Reopened by ${entry.actor.name}` : "Reopened by the customer writing again";
    case "handed_off":
      return `Handed off to the external contact center by ${who(entry, "Parley")}`;
    case "returned":
      return "Back from the external contact center";
    case "handoff_status":
      return `External contact center: ${String(d.status)}`;
    case "reply_queued":
      return `Reply by ${who(entry, "Parley")} queued${channel}`;
    case "reply_held":
      return `Reply by ${who(entry, "Parley")} held for approval`;
    case "reply_rejected":
      return `Reply rejected by ${who(entry, "a supervisor")}${d.reason ? `: ${String(d.reason)}` : ""}`;
    case "replied":
      return `Answered${channel} by ${who(entry, "Parley")}`;
    case "reply_failed":
      return `Reply failed${d.reason ? `: ${String(d.reason)}` : ""}`;
    case "sla":
      return `SLA ${SLA_WORDS[String(d.state)] ?? String(d.state)}`;
    case "survey_invited":
      return "Invited to rate the help";
    case "survey_answered":
      return `Rated the help ${String(d.score)} of 5`;
  }
}
