import type { Role, UserView } from "../domain/views.ts";
import type { Executor, Tables } from "./executor.ts";
import { and, asc, eq } from "./orm.ts";

type Row = Tables["users"]["$inferSelect"];
export type UserRecord = UserView & {
  workspaceId: string;
  passwordHash: string;
  disabled: boolean;
  /** The second factor's secret, and whether it is confirmed (then asked for at sign-in). */
  totp: { secret: string; confirmed: boolean } | null;
};

const present = (r: Row): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  workspaceId: r.workspaceId,
  passwordHash: r.passwordHash,
  disabled: r.disabledAt !== null,
  totp: r.totpSecret ? { secret: r.totpSecret, confirmed: r.totpConfirmedAt !== null } : null,
});

export function userRepository(x: Executor) {
  const { db } = x;
  const { users } = x.t;
  const one = (workspaceId: string, id: string) => and(eq(users.workspaceId, workspaceId), eq(users.id, id));
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
      const [row] = await db.select().from(users).where(one(workspaceId, id));
      return row ? present(row) : null;
    },
    async list(workspaceId: string): Promise<UserRecord[]> {
      return (
        await db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.email))
      ).map(present);
    },
    async update(
      workspaceId: string,
      id: string,
      patch: {
        role?: Role;
        disabledAt?: Date | null;
        passwordHash?: string;
        totpSecret?: string | null;
        totpConfirmedAt?: Date | null;
      },
    ): Promise<UserRecord | null> {
      const [row] = await db.update(users).set(patch).where(one(workspaceId, id)).returning();
      return row ? present(row) : null;
    },
  };
}
