/** An item's SLA standing, as a badge with the time left or past; said in words, not only colour. */
import type { WorkItemSlaView } from "../api/types.ts";
import { slaSummary } from "./slaWords.ts";

export function SlaBadge({
  sla,
  now,
  long = false,
}: {
  sla: WorkItemSlaView | null;
  now: number;
  long?: boolean;
}) {
  if (!sla) return <span className="sla-none">No SLA</span>;
  const { state, detail, short } = slaSummary(sla, now);
  const title = `${sla.policy.name}: ${state}${detail ? `, ${detail}` : ""}`;
  return (
    <span className={`sla-badge sla-badge--${sla.state}`} title={title} data-sla-state={sla.state}>
      <span className="sla-badge__state">{state}</span>
      {detail && <span className="sla-badge__detail">{long ? `${sla.policy.name} · ${detail}` : short}</span>}
    </span>
  );
}
