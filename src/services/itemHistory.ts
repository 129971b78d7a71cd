/**
 * A work item's history for the people who work it: each step with who took it and when, named
 * (agents, queues, a reply's author). Stored by the outbox relay from the item's domain events
 * (`recordHistory`, a relay trigger, so once per event and in the relay's transaction); read here.
 * What people wrote in a step (a rejection's reason, a platform's refusal) reaches analysts with
 * personal data redacted, as post text does.
 */
import type { Trigger } from "../bus/outbox.ts";
import { FREE_TEXT_DETAIL, type HistoryRow, historyRowOf } from "../domain/itemHistory.ts";
import type { ItemHistoryView } from "../domain/itemHistoryViews.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { scrub, seesPersonalData } from "./visibility.ts";

/** The relay trigger: every event that is a step of an item's history becomes its row. */
export const recordHistory: Trigger = async (tx, events) => {
  const rows = events.map(historyRowOf).filter((r): r is HistoryRow => r !== null);
  if (rows.length > 0) await tx.itemHistory.record(rows);
};

/** Unrelayed events read for a history: the relay takes 500 at a time, so more is a backlog. */
const PENDING_LIMIT = 2000;

const REPLY_KINDS = new Set(["reply_queued", "reply_held", "reply_rejected", "replied", "reply_failed"]);

export function itemHistoryService(store: Store) {
  return {
    async forItem(principal: Principal, workItemId: string): Promise<ItemHistoryView> {
      const workspaceId = principal.workspace.id;
      // Events committed but not yet relayed are steps too (a screen asks as soon as a change is
      // published, which can be before the relay stores its rows). Read first, they and the rows
      // read after them overlap rather than miss an event the relay stored in between.
      const pending = (await store.events.pending(workspaceId, PENDING_LIMIT))
        .map(historyRowOf)
        .filter((r): r is HistoryRow => r !== null && r.workItemId === workItemId);
      const [exists, stored, users, queues, replies] = await Promise.all([
        store.views.workItem(workspaceId, workItemId),
        store.itemHistory.forItem(workspaceId, workItemId),
        store.users.list(workspaceId),
        store.routing.queues(workspaceId),
        store.replies.forWorkItem(workspaceId, workItemId),
      ]);
      if (!exists) throw new ParleyError("not_found", "No such work item");
      const known = new Set(stored.map((r) => r.eventId));
      const rows = [...stored, ...pending.filter((r) => !known.has(r.eventId))].sort((a, b) => a.seq - b.seq);
      const person = (id: string | null) => {
        if (!id) return null;
        const user = users.find((u) => u.id === id);
        return { id, name: user?.name ?? "(former user)" };
      };
      const queueOf = (id: string | null) => {
        if (!id) return null;
        return { id, name: queues.find((q) => q.id === id)?.name ?? "(deleted queue)" };
      };
      const plain = seesPersonalData(principal.user.role);
      return {
        items: rows.map((row) => {
          const detail = { ...row.detail };
          let actor = row.actorUserId;
          if (REPLY_KINDS.has(row.kind)) {
            const reply = replies.find((r) => r.id === detail.replyId);
            if (reply) {
              actor = row.kind === "reply_rejected" ? reply.decidedByUserId : reply.authorUserId;
              detail.channel = reply.channel;
            }
          }
          if (!plain) {
            for (const key of Object.keys(detail)) {
              const value = detail[key];
              if (FREE_TEXT_DETAIL.has(key) && typeof value === "string") detail[key] = scrub(value);
            }
          }
          return {
            id: row.eventId,
            at: row.at.toISOString(),
            kind: row.kind,
            actor: person(actor),
            agent: person(row.agentUserId),
            queue: queueOf(row.queueId),
            detail,
          };
        }),
      };
    },
  };
}

export type ItemHistoryService = ReturnType<typeof itemHistoryService>;
