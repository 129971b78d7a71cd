/** Sessions, API tokens (stored by the SHA-256 of their secret) and the instance's own secrets. */
import type { Executor, Tables } from "./executor.ts";
import { and, desc, eq, gt, isNull, lte, ne, or } from "./orm.ts";

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const tokenColumnsOf = ({ apiTokens }: Tables) => ({
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
});

/** How precisely a token's last use is kept: it is written at most this often. */
const LAST_USED_PRECISION_MS = 60_000;

export function credentialRepository(x: Executor) {
  const { db } = x;
  const { apiTokens, instanceSecrets, sessions } = x.t;
  const tokenColumns = tokenColumnsOf(x.t);
  return {
    async createSession(input: {
      tokenHash: string;
      workspaceId: string;
      userId: string;
      expiresAt: Date;
    }): Promise<void> {
      await db.insert(sessions).values(input);
    },
    async findSession(tokenHash: string, now: Date): Promise<{ userId: string; workspaceId: string } | null> {
      const [row] = await db
        .select({ userId: sessions.userId, workspaceId: sessions.workspaceId })
        .from(sessions)
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
      return row ?? null;
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
    /** Ends the user's sessions, all of them or all but one; returns the hashes it ended. */
    async deleteSessionsOf(userId: string, except?: string): Promise<string[]> {
      const rows = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), except ? ne(sessions.tokenHash, except) : undefined))
        .returning({ tokenHash: sessions.tokenHash });
      return rows.map((r) => r.tokenHash);
    },
    async deleteExpiredSessions(now: Date): Promise<void> {
      await db.delete(sessions).where(lte(sessions.expiresAt, now));
    },
    async createApiToken(input: {
      workspaceId: string;
      userId: string;
      name: string;
      tokenHash: string;
      expiresAt: Date;
    }): Promise<ApiTokenRecord> {
      const [row] = await db.insert(apiTokens).values(input).returning(tokenColumns);
      return row!;
    },
    /**
     * The token's owner, when the token is neither revoked nor expired. Finding it is a read, so a
     * request never waits behind a long write; the token is marked used at most once a minute
     * (`lastUsedAt` is that precise), by a write the request does not wait for.
     */
    async findApiToken(
      tokenHash: string,
      now: Date,
    ): Promise<{ userId: string; workspaceId: string } | null> {
      const [row] = await db
        .select({
          id: apiTokens.id,
          userId: apiTokens.userId,
          workspaceId: apiTokens.workspaceId,
          lastUsedAt: apiTokens.lastUsedAt,
        })
        .from(apiTokens)
        .where(
          and(
            eq(apiTokens.tokenHash, tokenHash),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
          ),
        );
      if (!row) return null;
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
        db.update(apiTokens)
          .set({ lastUsedAt: now })
          .where(eq(apiTokens.id, row.id))
          .then(
            () => undefined,
            // A mark that could not be written (the store closing) changes no one's access.
            () => undefined,
          );
      }
      return { userId: row.userId, workspaceId: row.workspaceId };
    },
    /** The workspace's tokens, or one user's, newest first. */
    async listApiTokens(workspaceId: string, userId?: string): Promise<ApiTokenRecord[]> {
      return db
        .select(tokenColumns)
        .from(apiTokens)
        .where(and(eq(apiTokens.workspaceId, workspaceId), userId ? eq(apiTokens.userId, userId) : undefined))
        .orderBy(desc(apiTokens.createdAt));
    },
    /** Revokes a live token (of one user, when given); returns its hash, or null if none was. */
    async revokeApiToken(
      workspaceId: string,
      id: string,
      now: Date,
      userId?: string,
    ): Promise<string | null> {
      const [row] = await db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(
          and(
            eq(apiTokens.workspaceId, workspaceId),
            eq(apiTokens.id, id),
            isNull(apiTokens.revokedAt),
            userId ? eq(apiTokens.userId, userId) : undefined,
          ),
        )
        .returning({ tokenHash: apiTokens.tokenHash });
      return row?.tokenHash ?? null;
    },
    /** Revokes every live token of a user; returns their hashes. */
    async revokeApiTokensOf(userId: string, now: Date): Promise<string[]> {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .returning({ tokenHash: apiTokens.tokenHash });
      return rows.map((r) => r.tokenHash);
    },
    /**
     * The instance secret of that name, made by `generate` the first time. Processes starting
     * together agree: the first insert wins and everyone reads what it stored.
     */
    async instanceSecret(name: string, generate: () => string): Promise<string> {
      await db.insert(instanceSecrets).values({ name, value: generate() }).onConflictDoNothing();
      const [row] = await db
        .select({ value: instanceSecrets.value })
        .from(instanceSecrets)
        .where(eq(instanceSecrets.name, name));
      return row!.value;
    },
  };
}
