/**
 * An incident's timeline, read from what it keeps: when it opened and with how many items, each
 * later batch of items that joined it, its answer, and when its replies went out. Pure.
 */

export interface TimelineEntry {
  at: string;
  what: string;
}

export interface TimelineFacts {
  createdAt: Date;
  answeredAt: Date | null;
  /** The answer was given and its replies are still being written. */
  answering?: boolean;
  items: readonly {
    addedAt: Date;
    outcome: "replied" | "skipped" | "failed" | null;
    replySentAt: Date | null;
  }[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function incidentTimeline(facts: TimelineFacts): TimelineEntry[] {
  const out: { at: number; what: string }[] = [];
  const joined = new Map<number, number>();
  for (const item of facts.items)
    joined.set(item.addedAt.getTime(), (joined.get(item.addedAt.getTime()) ?? 0) + 1);
  const opened = facts.createdAt.getTime();
  out.push({ at: opened, what: `Opened with ${plural(joined.get(opened) ?? 0, "item")}` });
  for (const [at, n] of [...joined].sort((a, b) => a[0] - b[0])) {
    if (at !== opened) out.push({ at, what: `${plural(n, "item")} joined` });
  }
  if (facts.answeredAt) {
    const replied = facts.items.filter((i) => i.outcome === "replied").length;
    const failed = facts.items.filter((i) => i.outcome === "failed").length;
    const skipped = facts.items.filter((i) => i.outcome === "skipped").length;
    const rest = [failed ? `${failed} could not be answered` : "", skipped ? `${skipped} closed before` : ""]
      .filter(Boolean)
      .join(", ");
    const written = `${plural(replied, "reply", "replies")} written${rest ? ` (${rest})` : ""}`;
    out.push({
      at: facts.answeredAt.getTime(),
      what: facts.answering
        ? `Answering: ${written} of ${plural(facts.items.length, "item")}`
        : `Answered: ${written}`,
    });
    const sent = facts.items
      .map((i) => i.replySentAt?.getTime())
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    if (sent.length > 0) out.push({ at: sent[0]!, what: "First reply sent" });
    if (sent.length > 1 && sent.length === replied)
      out.push({ at: sent.at(-1)!, what: `All ${plural(sent.length, "reply", "replies")} sent` });
  }
  return out.sort((a, b) => a.at - b.at).map((e) => ({ at: new Date(e.at).toISOString(), what: e.what }));
}
