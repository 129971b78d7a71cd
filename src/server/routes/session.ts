import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ROLES } from "../../domain/views.ts";
import { SESSION_TTL_MS } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, MANAGERS, SESSION_COOKIE } from "../auth.ts";
import { jsonSchema, parse } from "../validate.ts";

export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
const signInBody = z.object({ email: z.email(), password: z.string().min(1).max(1024) });
const tokenBody = z.object({ name: z.string().min(1).max(100) });
const userBody = z.object({
  email: z.email(),
  name: z.string().min(1).max(200),
  role: z.enum(ROLES as [string, ...string[]]),
  password: z.string().min(8).max(1024),
});

export function sessionRoutes(app: FastifyInstance, services: Services, secureCookies: boolean): void {
  app.post(
    "/api/session",
    {
      schema: { tags: ["session"], summary: "Sign in", body: jsonSchema(signInBody) },
      config: {
        // Password guessing is slowed per address and account: ten tries a minute.
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
      const { token, principal } = await services.auth.signIn(body.email, body.password);
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
    { schema: { tags: ["session"], summary: "Sign out" }, config: { roles: EVERYONE } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const unsigned = cookie ? request.unsignCookie(cookie) : null;
      if (unsigned?.valid && unsigned.value) await services.auth.signOut(unsigned.value);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/me",
    {
      schema: { tags: ["session"], summary: "The signed-in user and workspace" },
      config: { roles: EVERYONE },
    },
    async (request) => caller(request),
  );

  app.post(
    "/api/tokens",
    {
      schema: { tags: ["session"], summary: "Create an API token for scripts", body: jsonSchema(tokenBody) },
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      const { name } = parse(tokenBody, request.body);
      const me = caller(request);
      const token = await services.auth.createApiToken(me.workspace.id, me.user.id, name);
      return reply.code(201).send({ token });
    },
  );

  app.post(
    "/api/users",
    {
      schema: { tags: ["users"], summary: "Add a user to the workspace", body: jsonSchema(userBody) },
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const body = parse(userBody, request.body);
      const me = caller(request);
      const user = await services.auth.addUser({
        ...body,
        role: body.role as (typeof ROLES)[number],
        workspaceId: me.workspace.id,
      });
      return reply.code(201).send(user);
    },
  );
}
