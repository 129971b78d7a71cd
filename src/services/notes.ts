/**
 * Agents' notes on a work item: internal words for colleagues, never sent to the customer. Any
 * handler may add one to any item, open or closed (a note often explains a close); each is audited
 * by its id, not its text. Notes go with their item (an erasure or retention removes them).
 */
import { unstorableReason } from "../domain/storableText.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { NoteRow } from "../store/notes.ts";
import type { Principal } from "./auth.ts";

export const NOTE_MAX_LENGTH = 4000;

export interface NoteView {
  id: string;
  workItemId: string;
  text: string;
  author: { id: string; name: string | null } | null;
  createdAt: string;
}

function present(row: NoteRow): NoteView {
  return {
    id: row.id,
    workItemId: row.workItemId,
    text: row.text,
    author: row.authorUserId ? { id: row.authorUserId, name: row.authorName } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function noteService(store: Store) {
  async function itemOf(tx: Store, workspaceId: string, workItemId: string) {
    const item = await tx.views.workItem(workspaceId, workItemId);
    if (!item) throw new ParleyError("not_found", "No such work item");
    return item;
  }
  return {
    async list(principal: Principal, workItemId: string): Promise<{ items: NoteView[] }> {
      await itemOf(store, principal.workspace.id, workItemId);
      return { items: (await store.notes.forWorkItem(principal.workspace.id, workItemId)).map(present) };
    },

    async add(principal: Principal, workItemId: string, raw: string): Promise<NoteView> {
      const workspaceId = principal.workspace.id;
      const text = raw.trim();
      if (text.length === 0)
        throw new ParleyError("validation_failed", "The note has no text", { field: "text" });
      if (text.length > NOTE_MAX_LENGTH)
        throw new ParleyError("validation_failed", `A note holds at most ${NOTE_MAX_LENGTH} characters`, {
          field: "text",
        });
      const reason = unstorableReason(text);
      if (reason) throw new ParleyError("invalid_encoding", `The note ${reason}`);
      const row = await store.transaction(async (tx) => {
        const item = await itemOf(tx, workspaceId, workItemId);
        const made = await tx.notes.create({
          workspaceId,
          workItemId,
          conversationId: item.conversationId,
          authorUserId: principal.user.id,
          text,
        });
        await tx.audit.record({
          workspaceId,
          actorUserId: principal.user.id,
          action: "work_item.note_added",
          subjectType: "work_item",
          subjectId: workItemId,
          detail: { noteId: made.id },
        });
        return made;
      });
      return {
        id: row.id,
        workItemId,
        text,
        author: { id: principal.user.id, name: principal.user.name },
        createdAt: row.createdAt.toISOString(),
      };
    },
  };
}

export type NoteService = ReturnType<typeof noteService>;
