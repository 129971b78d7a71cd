/**
 * Which actions make sense for the signed-in user on a work item. The server has the final word;
 * this only keeps pointless buttons disabled. Supervisors and admins may act on another's item;
 * agents resolve or discard only what they hold; analysts read but do not handle work.
 */
import type { Role, WorkItemView } from "../api/types.ts";

export type WorkItemAction = "claim" | "release" | "resolve" | "discard" | "accept" | "decline";

export function allowedActions(item: WorkItemView, userId: string, role: Role): ReadonlySet<WorkItemAction> {
  const canOverride = role === "supervisor" || role === "admin";
  const heldByMe = item.state === "reserved" && item.assignee?.id === userId;
  const heldByOther = item.state === "reserved" && !heldByMe;
  const allowed = new Set<WorkItemAction>();
  if (role === "analyst") return allowed;
  const offeredToMe = item.state === "new" && item.offer?.agent.id === userId;
  const offeredToOther = item.state === "new" && item.offer !== null && !offeredToMe;
  if (offeredToMe) {
    allowed.add("accept");
    allowed.add("decline");
  }
  // An item offered to another agent is reserved for them; a supervisor may still take it.
  if (item.state === "new" && (!offeredToOther || canOverride)) allowed.add("claim");
  if (heldByMe || (heldByOther && canOverride)) allowed.add("release");
  // Closing needs the item held, by the agent or overridden by a supervisor.
  if (heldByMe || (canOverride && (item.state === "new" || heldByOther))) {
    allowed.add("resolve");
    allowed.add("discard");
  }
  return allowed;
}
