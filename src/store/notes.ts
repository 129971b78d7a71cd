/** Agents' internal notes on work items, with who wrote them. */
import type { Executor } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

export interface NoteRow {
  id: string;
  workItemId: string;
  conversationId: string;
  authorUserId: string | null;
  authorName: string | null;
  text: string;
  createdAt: Date;
}

export function noteRepository(x: Executor) {
  const { db } = x;
  const { notes, users } = x.t;
  return {
    async create(input: {
      workspaceId: string;
      workItemId: string;
      conversationId: string;
      authorUserId: string;
      text: string;
    }): Promise<{ id: string; createdAt: Date }> {
      const [row] = await db
        .insert(notes)
        .values(input)
        .returning({ id: notes.id, createdAt: notes.createdAt });
      return row!;
    },

    async forWorkItem(workspaceId: string, workItemId: string): Promise<NoteRow[]> {
      return db
        .select({
          id: notes.id,
          workItemId: notes.workItemId,
          conversationId: notes.conversationId,
          authorUserId: notes.authorUserId,
          authorName: users.name,
          text: notes.text,
          createdAt: notes.createdAt,
        })
        .from(notes)
        .leftJoin(users, eq(users.id, notes.authorUserId))
        .where(and(eq(notes.workspaceId, workspaceId), eq(notes.workItemId, workItemId)))
        .orderBy(asc(notes.createdAt), asc(notes.id));
    },
  };
}
