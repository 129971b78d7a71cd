/** Signing in, sessions and API tokens. Secrets are random; only their SHA-256 is stored. */
import { createHash, randomBytes } from "node:crypto";
import type { Role, UserView, WorkspaceView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
// Verifying against a fixed hash when the email is unknown keeps both paths equally slow.
const DUMMY_HASH = hashPassword("not a real password");

export interface Principal {
  user: UserView;
  workspace: WorkspaceView;
}

export function authService(store: Store) {
  async function principal(workspaceId: string, userId: string): Promise<Principal | null> {
    const [user, workspace] = await Promise.all([
      store.users.get(workspaceId, userId),
      store.workspaces.get(workspaceId),
    ]);
    if (!user || !workspace) return null;
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, workspace };
  }

  return {
    async addUser(input: { workspaceId: string; email: string; name: string; role: Role; password: string }) {
      if (input.password.length < 8) {
        throw new ParleyError("validation_failed", "The password needs at least 8 characters");
      }
      if (await store.users.findByEmail(input.email)) {
        // The same words whichever workspace holds the address: the answer names no one.
        throw new ParleyError("conflict", "That email address cannot be used for a new user");
      }
      const { password, ...rest } = input;
      const user = await store.users.create({ ...rest, passwordHash: await hashPassword(password) });
      return { id: user.id, email: user.email, name: user.name, role: user.role };
    },

    async signIn(email: string, password: string): Promise<{ token: string; principal: Principal }> {
      const user = await store.users.findByEmail(email);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
      if (!user || !ok) throw new ParleyError("invalid_credentials");
      const token = randomBytes(32).toString("base64url");
      await store.credentials.createSession({
        tokenHash: sha256(token),
        workspaceId: user.workspaceId,
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      });
      const found = await principal(user.workspaceId, user.id);
      if (!found) throw new ParleyError("invalid_credentials");
      return { token, principal: found };
    },

    async signOut(token: string): Promise<void> {
      await store.credentials.deleteSession(sha256(token));
    },

    async fromSession(token: string): Promise<Principal | null> {
      const session = await store.credentials.findSession(sha256(token), new Date());
      return session ? principal(session.workspaceId, session.userId) : null;
    },

    async fromApiToken(token: string): Promise<Principal | null> {
      const found = await store.credentials.findApiToken(sha256(token));
      return found ? principal(found.workspaceId, found.userId) : null;
    },

    async createApiToken(workspaceId: string, userId: string, name: string): Promise<string> {
      const token = `pat_${randomBytes(32).toString("base64url")}`;
      await store.credentials.createApiToken({ workspaceId, userId, name, tokenHash: sha256(token) });
      return token;
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
