import type { WorkItemView } from "../api/types.ts";
import { LockIcon } from "../shell/icons.tsx";

/** "New", or a lock with who holds the item or has it offered ("You" when it is the signed-in agent). */
export function AssigneeCell({ item, userId }: { item: WorkItemView; userId: string }) {
  if (item.state === "reserved" && item.assignee) {
    const mine = item.assignee.id === userId;
    return (
      <span
        className={`holder ${mine ? "holder--mine" : "holder--other"}`}
        title={`Reserved by ${item.assignee.name}`}
      >
        <LockIcon />
        {mine ? "You" : item.assignee.name}
      </span>
    );
  }
  if (item.state === "new" && item.offer) {
    const mine = item.offer.agent.id === userId;
    return (
      <span
        className={`holder ${mine ? "holder--mine" : "holder--other"}`}
        title={`Offered to ${item.offer.agent.name} until ${new Date(item.offer.expiresAt).toLocaleTimeString()}`}
      >
        <LockIcon />
        {mine ? "For you" : `For ${item.offer.agent.name}`}
      </span>
    );
  }
  return <span className={`state state--${item.state}`}>{item.state === "new" ? "New" : item.state}</span>;
}
