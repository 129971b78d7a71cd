import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { userView, workspaceView } from "../../domain/views.ts";
import { SESSION_TTL_MS } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, SESSION_COOKIE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
const signInBody = z.object({
  email: z.email(),
  password: z.string().min(1).max(1024),
  /** The authenticator app's code, for users with a second factor. */
  code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
const codeBody = z.object({ code: z.string().regex(/^\d{6}$/) });
const turnOffBody = z.object({ password: z.string().min(1).max(1024) });
const passwordBody = z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) });

/** Who is signed in, and where. */
const principalView = z.object({ user: userView, workspace: workspaceView });
const secondFactorSecret = z.object({ secret: z.string(), uri: z.string() });

/** The session token of a request's signed cookie, when it has a valid one. */
export function sessionToken(request: FastifyRequest): string | null {
  const cookie = request.cookies[SESSION_COOKIE];
  const unsigned = cookie ? request.unsignCookie(cookie) : null;
  return unsigned?.valid && unsigned.value ? unsigned.value : null;
}

export function sessionRoutes(app: FastifyInstance, services: Services, secureCookies: boolean): void {
  app.post(
    "/api/session",
    {
      schema: describe({
        operationId: "signIn",
        tags: ["session"],
        summary: "Sign in; sets the session cookie",
        public: true,
        body: signInBody,
        errors: [401, 403, 429],
        response: { 200: principalView },
      }),
      config: {
        // Guessing one account's password is slowed per address and account, ten tries a minute;
        // the auth service also slows an address that guesses across accounts.
        rateLimit: {
          max: SIGN_IN_ATTEMPTS_PER_MINUTE,
          timeWindow: "1 minute",
          hook: "preHandler",
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `${request.ip}:${typeof email === "string" ? email.toLowerCase() : ""}`;
          },
        },
      },
    },
    async (request, reply) => {
      const body = parse(signInBody, request.body);
      const { token, principal } = await services.auth.signIn(
        body.email,
        body.password,
        request.ip,
        body.code,
      );
      reply.setCookie(SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: secureCookies,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return principal;
    },
  );

  app.delete(
    "/api/session",
    {
      schema: describe({
        operationId: "signOut",
        tags: ["session"],
        summary: "Sign out; the session's live sockets close",
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      const token = sessionToken(request);
      if (token) await services.auth.signOut(token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/me",
    {
      schema: describe({
        operationId: "me",
        tags: ["session"],
        summary: "The signed-in user and workspace",
        response: { 200: principalView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => caller(request),
  );

  app.post(
    "/api/me/password",
    {
      schema: describe({
        operationId: "changePassword",
        tags: ["session"],
        summary: "Change your password; your other sessions end",
        body: passwordBody,
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      const { current, next } = parse(passwordBody, request.body);
      await services.auth.changePassword(caller(request), sessionToken(request), current, next);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/me/second-factor",
    {
      schema: describe({
        operationId: "startSecondFactor",
        tags: ["session"],
        summary: "Start a second factor: a TOTP secret for an authenticator app, asked for once confirmed",
        response: { 200: secondFactorSecret },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.secondFactor.start(caller(request)),
  );

  app.post(
    "/api/me/second-factor/confirm",
    {
      schema: describe({
        operationId: "confirmSecondFactor",
        tags: ["session"],
        summary: "Confirm the second factor with a first code",
        body: codeBody,
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      await services.secondFactor.confirm(caller(request), parse(codeBody, request.body).code);
      return reply.code(204).send();
    },
  );

  app.delete(
    "/api/me/second-factor",
    {
      schema: describe({
        operationId: "turnOffSecondFactor",
        tags: ["session"],
        summary: "Turn the second factor off (with the password)",
        body: turnOffBody,
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      await services.secondFactor.turnOff(caller(request), parse(turnOffBody, request.body).password);
      return reply.code(204).send();
    },
  );
}
