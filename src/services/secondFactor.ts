/**
 * The optional second factor for local users: a TOTP secret shown once to an authenticator app,
 * asked for at sign-in only after a first code proves the app has it, and turned off with the
 * password.
 */
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { Principal } from "./auth.ts";
import { verifyPassword } from "./passwords.ts";
import { newTotpSecret, otpauthUri, verifyTotp } from "./totp.ts";

export function secondFactorService(store: Store, now: () => Date = () => new Date()) {
  async function me(principal: Principal) {
    const user = await store.users.get(principal.workspace.id, principal.user.id);
    if (!user) throw new ParleyError("unauthenticated");
    return user;
  }
  async function audit(principal: Principal, action: string) {
    await store.audit.record({
      workspaceId: principal.workspace.id,
      actorUserId: principal.user.id,
      action,
      subjectType: "user",
      subjectId: principal.user.id,
      detail: {},
    });
  }

  return {
    /** A new secret for the authenticator app; asked for at sign-in once confirmed. */
    async start(principal: Principal): Promise<{ secret: string; uri: string }> {
      const user = await me(principal);
      if (user.totp?.confirmed)
        throw new ParleyError("conflict", "The second factor is on: turn it off first");
      const secret = newTotpSecret();
      await store.users.update(principal.workspace.id, user.id, {
        totpSecret: secret,
        totpConfirmedAt: null,
      });
      return { secret, uri: otpauthUri(secret, user.email) };
    },

    async confirm(principal: Principal, code: string): Promise<void> {
      const user = await me(principal);
      if (!user.totp || user.totp.confirmed)
        throw new ParleyError("conflict", "No second factor waits for a code");
      if (!verifyTotp(user.totp.secret, code, now().getTime()))
        throw new ParleyError("invalid_credentials", "Wrong code");
      await store.users.update(principal.workspace.id, user.id, { totpConfirmedAt: now() });
      await audit(principal, "user.second_factor_on");
    },

    async turnOff(principal: Principal, password: string): Promise<void> {
      const user = await me(principal);
      if (!(await verifyPassword(password, user.passwordHash))) {
        throw new ParleyError("invalid_credentials", "The password is wrong");
      }
      await store.users.update(principal.workspace.id, user.id, { totpSecret: null, totpConfirmedAt: null });
      await audit(principal, "user.second_factor_off");
    },
  };
}
