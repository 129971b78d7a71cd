/**
 * Signing in, sessions and API tokens. Secrets are random; only their SHA-256 is stored. When a
 * credential stops working (sign-out, revocation, a disabled user) listeners hear of it, so live
 * sockets opened with it close at once.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Role, UserView, WorkspaceView } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { ApiTokenRecord } from "../store/credentials.ts";
import type { Store } from "../store/index.ts";
import { isCommonPassword } from "./commonPasswords.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { SignInThrottle } from "./signInThrottle.ts";
import { verifyTotp } from "./totp.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 8;
/** API tokens live 90 days unless asked otherwise, a year at most. */
export const TOKEN_DAYS = { default: 90, max: 365 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
// Verifying against a fixed hash when the email is unknown keeps both paths equally slow.
const DUMMY_HASH = hashPassword("not a real password");

export interface Principal {
  user: UserView;
  workspace: WorkspaceView;
}

/** What a live socket is keyed by: the credential it was opened with. */
export const credentialKey = (kind: "session" | "token", secret: string) => `${kind}:${sha256(secret)}`;

/** Credentials that stopped working: by key, or every one of a user. */
export type AccessEnded = { keys: string[] } | { userId: string };

export interface ApiTokenView {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const tokenView = (t: ApiTokenRecord): ApiTokenView => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Refuses a password that is short, or one a guessing tool tries first. */
export function checkNewPassword(password: string, personal: readonly string[]): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ParleyError(
      "validation_failed",
      `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (isCommonPassword(password, personal)) {
    throw new ParleyError(
      "validation_failed",
      "That password is too easy to guess: choose a less common one",
    );
  }
}

export function authService(store: Store, options: { throttle?: SignInThrottle; now?: () => Date } = {}) {
  const throttle = options.throttle ?? new SignInThrottle();
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(event: AccessEnded) => void>();
  const ended = (event: AccessEnded) => {
    for (const listener of listeners) listener(event);
  };

  async function principal(workspaceId: string, userId: string): Promise<Principal | null> {
    const [user, workspace] = await Promise.all([
      store.users.get(workspaceId, userId),
      store.workspaces.get(workspaceId),
    ]);
    if (!user || !workspace || user.disabled) return null;
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, workspace };
  }

  async function openSession(user: { workspaceId: string; id: string }) {
    const token = randomBytes(32).toString("base64url");
    await store.credentials.createSession({
      tokenHash: sha256(token),
      workspaceId: user.workspaceId,
      userId: user.id,
      expiresAt: new Date(now().getTime() + SESSION_TTL_MS),
    });
    const found = await principal(user.workspaceId, user.id);
    if (!found) throw new ParleyError("invalid_credentials");
    return { token, principal: found };
  }

  return {
    /** Who a user is now, for work done in their name later (null when removed or disabled). */
    principal,
    onAccessEnded(listener: (event: AccessEnded) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accessEnded: ended,

    async addUser(input: { workspaceId: string; email: string; name: string; role: Role; password: string }) {
      checkNewPassword(input.password, [input.email.split("@")[0]!, input.name]);
      if (await store.users.findByEmail(input.email)) {
        // The same words whichever workspace holds the address: the answer names no one.
        throw new ParleyError("conflict", "That email address cannot be used for a new user");
      }
      const { password, ...rest } = input;
      const user = await store.users.create({ ...rest, passwordHash: await hashPassword(password) });
      return { id: user.id, email: user.email, name: user.name, role: user.role };
    },

    /**
     * `address` is the caller's network address: guessing from it is slowed across accounts.
     * `code` is the second factor's, for users who turned it on.
     */
    async signIn(
      email: string,
      password: string,
      address = "local",
      code?: string,
    ): Promise<{ token: string; principal: Principal }> {
      const wait = throttle.waitFor(address);
      if (wait > 0) {
        const retryAfterSeconds = Math.ceil(wait / 1000);
        throw new ParleyError(
          "rate_limited",
          `Too many failed sign-ins: try again in ${retryAfterSeconds} s`,
          {
            retryAfterSeconds,
          },
        );
      }
      const user = await store.users.findByEmail(email);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
      if (!user || !ok) {
        throttle.failed(address);
        throw new ParleyError("invalid_credentials");
      }
      // A disabled user gets the same answer as a wrong password: nothing to probe.
      if (user.disabled) throw new ParleyError("invalid_credentials");
      if (user.totp?.confirmed) {
        if (code === undefined) throw new ParleyError("second_factor_required");
        if (!verifyTotp(user.totp.secret, code, now().getTime())) {
          throttle.failed(address);
          throw new ParleyError("invalid_credentials", "Wrong code");
        }
      }
      return openSession(user);
    },

    /** A session for a user whose identity was proven elsewhere (single sign-on). */
    openSession,

    async signOut(token: string): Promise<void> {
      await store.credentials.deleteSession(sha256(token));
      ended({ keys: [credentialKey("session", token)] });
    },

    async fromSession(token: string): Promise<Principal | null> {
      const session = await store.credentials.findSession(sha256(token), now());
      return session ? principal(session.workspaceId, session.userId) : null;
    },

    async fromApiToken(token: string): Promise<Principal | null> {
      const found = await store.credentials.findApiToken(sha256(token), now());
      return found ? principal(found.workspaceId, found.userId) : null;
    },

    async createApiToken(
      me: Principal,
      name: string,
      days: number = TOKEN_DAYS.default,
    ): Promise<{ token: string } & ApiTokenView> {
      const token = `pat_${randomBytes(32).toString("base64url")}`;
      const record = await store.credentials.createApiToken({
        workspaceId: me.workspace.id,
        userId: me.user.id,
        name,
        tokenHash: sha256(token),
        expiresAt: new Date(now().getTime() + Math.min(days, TOKEN_DAYS.max) * DAY_MS),
      });
      await audit(me, "token.create", "api_token", record.id, { name, days });
      return { token, ...tokenView(record) };
    },

    /** The caller's tokens; an admin may ask for every token of the workspace. */
    async listApiTokens(me: Principal, everyone: boolean): Promise<ApiTokenView[]> {
      if (everyone && me.user.role !== "admin")
        throw new ParleyError("forbidden", "Only admins see every token");
      const records = await store.credentials.listApiTokens(
        me.workspace.id,
        everyone ? undefined : me.user.id,
      );
      return records.map(tokenView);
    },

    /** Revokes one of the caller's tokens; admins may revoke anyone's in their workspace. */
    async revokeApiToken(me: Principal, id: string): Promise<void> {
      const owner = me.user.role === "admin" ? undefined : me.user.id;
      const hash = await store.credentials.revokeApiToken(me.workspace.id, id, now(), owner);
      if (!hash) throw new ParleyError("not_found", "No such live token");
      await audit(me, "token.revoke", "api_token", id);
      ended({ keys: [`token:${hash}`] });
    },

    /** Changes the caller's password and ends their other sessions; the current one stays. */
    async changePassword(
      me: Principal,
      session: string | null,
      current: string,
      next: string,
    ): Promise<void> {
      const user = await store.users.get(me.workspace.id, me.user.id);
      if (!user || !(await verifyPassword(current, user.passwordHash))) {
        throw new ParleyError("invalid_credentials", "The current password is wrong");
      }
      checkNewPassword(next, [user.email.split("@")[0]!, user.name]);
      await store.users.update(me.workspace.id, me.user.id, { passwordHash: await hashPassword(next) });
      const keep = session ? sha256(session) : undefined;
      const ended_ = await store.credentials.deleteSessionsOf(me.user.id, keep);
      await audit(me, "user.password_change", "user", me.user.id);
      ended({ keys: ended_.map((h) => `session:${h}`) });
    },
  };

  async function audit(me: Principal, action: string, subjectType: string, subjectId: string, detail = {}) {
    await store.audit.record({
      workspaceId: me.workspace.id,
      actorUserId: me.user.id,
      action,
      subjectType,
      subjectId,
      detail,
    });
  }
}

export type AuthService = ReturnType<typeof authService>;
