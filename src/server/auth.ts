/**
 * Who is calling: a session cookie (web app) or a bearer API token (scripts). Each route declares
 * the roles it allows; the hook rejects everyone else before the handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Role } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { AuthService, Principal } from "../services/auth.ts";

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

export async function identify(auth: AuthService, request: FastifyRequest): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return auth.fromApiToken(header.slice(7).trim());
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const unsigned = request.unsignCookie(cookie);
  return unsigned.valid && unsigned.value ? auth.fromSession(unsigned.value) : null;
}

export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request: FastifyRequest, _reply: FastifyReply) => {
    const roles = request.routeOptions.config?.roles;
    if (!roles) return;
    request.principal = await identify(auth, request);
    if (!request.principal) throw new ParleyError("unauthenticated");
    if (!roles.includes(request.principal.user.role)) throw new ParleyError("forbidden");
  });
}

/** The caller of a route that declared roles: the hook guarantees it is there. */
export function caller(request: FastifyRequest): Principal {
  if (!request.principal) throw new ParleyError("unauthenticated");
  return request.principal;
}
