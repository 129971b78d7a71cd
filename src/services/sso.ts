/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE, state and nonce). The
 * provider's groups decide the role, the first listed group that the user is in winning; someone
 * in none of them is refused. A first sign-in adds the user to the configured workspace (with an
 * unusable password); later ones bring the role up to date, audited like any role change.
 */
import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import type { RoleGroup } from "../config.ts";
import type { Role } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { AuthService, Principal } from "./auth.ts";
import { hashPassword } from "./passwords.ts";

export interface SsoSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleGroups: RoleGroup[];
  /** Where the provider sends the browser back: Parley's public URL + /api/sso/callback. */
  redirectUri: string;
  workspaceId?: string;
}

/** The role the first matching group gives, or null. */
export function roleFromGroups(groups: unknown, roleGroups: readonly RoleGroup[]): Role | null {
  const held = new Set(Array.isArray(groups) ? groups.filter((g) => typeof g === "string") : []);
  return roleGroups.find((rg) => held.has(rg.group))?.role ?? null;
}

export function ssoService(store: Store, auth: AuthService, settings: SsoSettings) {
  let configuration: Promise<oidc.Configuration> | null = null;
  // Discovery happens on first use, and again after a failure: the provider may start later.
  const config = () => {
    configuration ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.issuer.startsWith("http:") ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        configuration = null;
        throw err;
      });
    return configuration;
  };

  async function userFor(email: string, name: string, role: Role) {
    const existing = await store.users.findByEmail(email);
    if (!existing) {
      const workspaceId = settings.workspaceId ?? (await store.workspaces.list())[0]?.id;
      if (!workspaceId) throw new ParleyError("unavailable", "No workspace to add the user to");
      const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
      const user = await store.users.create({ workspaceId, email, name, role, passwordHash });
      await store.audit.record({
        workspaceId,
        actorUserId: null,
        action: "user.create",
        subjectType: "user",
        subjectId: user.id,
        detail: { role, via: "sso" },
      });
      return user;
    }
    if (existing.disabled) throw new ParleyError("invalid_credentials");
    if (existing.role !== role) {
      await store.users.update(existing.workspaceId, existing.id, { role });
      await store.audit.record({
        workspaceId: existing.workspaceId,
        actorUserId: null,
        action: "user.role_change",
        subjectType: "user",
        subjectId: existing.id,
        detail: { from: existing.role, to: role, via: "sso" },
      });
      auth.accessEnded({ userId: existing.id });
    }
    return existing;
  }

  return {
    /** Where to send the browser, and what to keep (in a signed cookie) until it comes back. */
    async start(): Promise<{ url: string; pending: string }> {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(await config(), {
        redirect_uri: settings.redirectUri,
        scope: "openid email profile groups",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return { url: url.href, pending: JSON.stringify({ verifier, state, nonce }) };
    },

    /** Completes the flow from the provider's redirect; a session for the user it names. */
    async finish(callbackUrl: URL, pending: string): Promise<{ token: string; principal: Principal }> {
      let claims: Record<string, unknown> | undefined;
      try {
        const { verifier, state, nonce } = JSON.parse(pending) as Record<string, string>;
        const tokens = await oidc.authorizationCodeGrant(await config(), callbackUrl, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
        });
        const idToken = tokens.claims();
        claims = idToken;
        // Providers that follow the spec closely keep scope claims out of the ID token: ask the
        // userinfo endpoint, for the same subject.
        if (idToken && (idToken.email === undefined || idToken.groups === undefined)) {
          const info = await oidc.fetchUserInfo(await config(), tokens.access_token, idToken.sub);
          claims = {
            ...info,
            ...idToken,
            email: idToken.email ?? info.email,
            groups: idToken.groups ?? info.groups,
          };
        }
      } catch {
        throw new ParleyError("invalid_credentials", "The single sign-on did not complete");
      }
      const email = typeof claims?.email === "string" ? claims.email : null;
      if (!email || claims?.email_verified === false) {
        throw new ParleyError("invalid_credentials", "The provider did not vouch for an email address");
      }
      const role = roleFromGroups(claims?.groups, settings.roleGroups);
      if (!role) throw new ParleyError("forbidden", "None of your groups gives a role in Parley");
      const name = typeof claims?.name === "string" ? claims.name : email;
      const user = await userFor(email, name, role);
      return auth.openSession(user);
    },
  };
}

export type SsoService = ReturnType<typeof ssoService>;
