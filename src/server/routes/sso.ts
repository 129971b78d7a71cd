/** Single sign-on: off to the OpenID Connect provider, and back with a session. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ParleyError } from "../../errors.ts";
import { SESSION_TTL_MS } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { SESSION_COOKIE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const PENDING_COOKIE = "parley_sso";
const callbackQuery = z.object({
  state: z.string().max(1000).optional(),
  code: z.string().max(4000).optional(),
});

export function ssoRoutes(
  app: FastifyInstance,
  services: Services,
  secureCookies: boolean,
  publicUrl?: string,
): void {
  const sso = () => {
    if (!services.sso) throw new ParleyError("not_found", "Single sign-on is not configured");
    return services.sso;
  };
  app.get(
    "/api/sso",
    {
      schema: describe({
        operationId: "startSso",
        tags: ["session"],
        summary: "Sign in with the OpenID Connect provider (a redirect)",
        public: true,
        errors: [404],
        response: { 302: null },
      }),
    },
    async (_request, reply) => {
      const { url, pending } = await sso().start();
      // Lax, not Strict: the browser comes back from the provider's site, a cross-site navigation.
      reply.setCookie(PENDING_COOKIE, pending, {
        path: "/api/sso",
        httpOnly: true,
        sameSite: "lax",
        secure: secureCookies,
        signed: true,
        maxAge: 600,
      });
      return reply.redirect(url);
    },
  );
  app.get(
    "/api/sso/callback",
    {
      schema: describe({
        operationId: "finishSso",
        tags: ["session"],
        summary: "Where the provider sends the browser back; sets the session cookie",
        public: true,
        querystring: callbackQuery,
        errors: [401, 403, 404],
        response: { 302: null },
      }),
    },
    async (request, reply) => {
      // The provider adds parameters of its own (iss, session_state): only these two are checked.
      parse(callbackQuery, request.query);
      const cookie = request.cookies[PENDING_COOKIE];
      const pending = cookie ? request.unsignCookie(cookie) : null;
      if (!pending?.valid || !pending.value) {
        throw new ParleyError("invalid_credentials", "The sign-on expired or was not started here");
      }
      const base = publicUrl ?? `${request.protocol}://${request.headers.host ?? "localhost"}`;
      const { token } = await sso().finish(new URL(request.url, base), pending.value);
      reply.clearCookie(PENDING_COOKIE, { path: "/api/sso" });
      reply.setCookie(SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: secureCookies,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return reply.redirect("/");
    },
  );
}
