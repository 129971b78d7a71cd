import type { Role, UserView } from "../domain/views.ts";
import type { Executor, Tables } from "./db.ts";
import { and, asc, eq } from "./orm.ts";

type Row = Tables["users"]["$inferSelect"];
export type UserRecord = UserView & { workspaceId: string; passwordHash: string };

const present = (r: Row): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  workspaceId: r.workspaceId,
  passwordHash: r.passwordHash,
});

export function userRepository(x: Executor) {
  const { db } = x;
  const { users } = x.t;
  return {
    async create(input: {
      workspaceId: string;
      email: string;
      name: string;
      role: Role;
      passwordHash: string;
    }): Promise<UserRecord> {
      const [row] = await db
        .insert(users)
        .values({ ...input, email: input.email.toLowerCase() })
        .returning();
      return present(row!);
    },
    async findByEmail(email: string): Promise<UserRecord | null> {
      const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
      return row ? present(row) : null;
    },
    async get(workspaceId: string, id: string): Promise<UserRecord | null> {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
      return row ? present(row) : null;
    },
    async list(workspaceId: string): Promise<UserRecord[]> {
      return (
        await db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.email))
      ).map(present);
    },
  };
}
