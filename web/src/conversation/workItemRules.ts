/**
 * Which actions make sense for the signed-in user on a work item. The server has the final word;
 * this only keeps pointless buttons disabled. Supervisors and admins may act on another's item.
 */
import type { Role, WorkItemView } from "../api/types.ts";

export type WorkItemAction = "claim" | "release" | "resolve" | "discard";

export function allowedActions(item: WorkItemView, userId: string, role: Role): ReadonlySet<WorkItemAction> {
  const canOverride = role === "supervisor" || role === "admin";
  const heldByMe = item.state === "reserved" && item.assignee?.id === userId;
  const heldByOther = item.state === "reserved" && !heldByMe;
  const allowed = new Set<WorkItemAction>();
  if (item.state === "new") allowed.add("claim");
  if (heldByMe || (heldByOther && canOverride)) allowed.add("release");
  if (item.state === "new" || heldByMe || (heldByOther && canOverride)) {
    allowed.add("resolve");
    allowed.add("discard");
  }
  return allowed;
}
