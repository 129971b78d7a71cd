/** Sessions and API tokens, stored by the SHA-256 of their secret. */

import type { Executor } from "./db.ts";
import { and, eq, gt, lte } from "./orm.ts";

export function credentialRepository(x: Executor) {
  const { db } = x;
  const { apiTokens, sessions } = x.t;
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
    async deleteExpiredSessions(now: Date): Promise<void> {
      await db.delete(sessions).where(lte(sessions.expiresAt, now));
    },
    async createApiToken(input: {
      workspaceId: string;
      userId: string;
      name: string;
      tokenHash: string;
    }): Promise<{ id: string }> {
      const [row] = await db.insert(apiTokens).values(input).returning({ id: apiTokens.id });
      return row!;
    },
    async findApiToken(tokenHash: string): Promise<{ userId: string; workspaceId: string } | null> {
      const [row] = await db
        .update(apiTokens)
        .set({ lastUsedAt: new Date() })
        .where(eq(apiTokens.tokenHash, tokenHash))
        .returning({ userId: apiTokens.userId, workspaceId: apiTokens.workspaceId });
      return row ?? null;
    },
  };
}
