/**
 * Who is calling: a session cookie (web app) or a bearer API token (scripts). Each route declares
 * the roles it allows; the hook rejects everyone else before the handler runs. A browser sends
 * the cookie with requests other pages make too, so state-changing requests and the live socket
 * must come from Parley's own origin (see `origin.ts`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Role } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import { type AuthService, credentialKey, type Principal } from "../services/auth.ts";
import { checkOrigin } from "./origin.ts";

export const SESSION_COOKIE = "parley_session";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route; absent means the route is public. */
    roles?: readonly Role[];
  }
}

export const EVERYONE: readonly Role[] = ["admin", "supervisor", "agent", "analyst"];
export const HANDLERS: readonly Role[] = ["admin", "supervisor", "agent"];
export const MANAGERS: readonly Role[] = ["admin", "supervisor"];
export const ADMINS: readonly Role[] = ["admin"];

export interface Identified {
  principal: Principal;
  /** The credential used, as `credentialKey` writes it: what live sockets are keyed by. */
  key: string;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : null;
}

export async function identify(auth: AuthService, request: FastifyRequest): Promise<Identified | null> {
  const token = bearer(request);
  if (token !== null) {
    const principal = await auth.fromApiToken(token);
    return principal ? { principal, key: credentialKey("token", token) } : null;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const unsigned = request.unsignCookie(cookie);
  if (!unsigned.valid || !unsigned.value) return null;
  const principal = await auth.fromSession(unsigned.value);
  return principal ? { principal, key: credentialKey("session", unsigned.value) } : null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function registerAuth(
  app: FastifyInstance,
  auth: AuthService,
  publicOrigin: string | undefined,
): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request: FastifyRequest, _reply: FastifyReply) => {
    // A bearer token is never sent by a browser on its own: only cookie callers need the check.
    const changes = !SAFE_METHODS.has(request.method) || request.ws;
    if (changes && bearer(request) === null) checkOrigin(request, publicOrigin);
    const roles = request.routeOptions.config?.roles;
    if (!roles) return;
    request.principal = (await identify(auth, request))?.principal ?? null;
    if (!request.principal) throw new ParleyError("unauthenticated");
    if (!roles.includes(request.principal.user.role)) throw new ParleyError("forbidden");
  });
}

/** The caller of a route that declared roles: the hook guarantees it is there. */
export function caller(request: FastifyRequest): Principal {
  if (!request.principal) throw new ParleyError("unauthenticated");
  return request.principal;
}
