/**
 * First run: while no workspace exists, the holder of the setup code from the server's log
 * creates the brand's workspace and its first admin, and is signed in. Afterwards both routes
 * answer 409 `setup_done`.
 */
import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/index.ts";
import { describe } from "../routeSchema.ts";
import { setSessionCookie } from "../sessionCookie.ts";
import { parse } from "../validate.ts";
import { sessionView, setupBody, setupStatusView } from "./workspaceSchemas.ts";

const tags = ["setup"];

export function setupRoutes(app: FastifyInstance, services: Services, secureCookies: boolean): void {
  app.get(
    "/api/setup",
    {
      schema: describe({
        tags,
        summary: "Whether Parley still waits for its first-run setup",
        operationId: "getSetup",
        public: true,
        response: { 200: setupStatusView },
        errors: [409],
      }),
    },
    async () => {
      await services.setup.status();
      return { needed: true };
    },
  );
  app.post(
    "/api/setup",
    {
      schema: describe({
        tags,
        summary: "Set Parley up with the code from the server's log: the workspace and its first admin",
        operationId: "completeSetup",
        public: true,
        body: setupBody,
        response: { 201: sessionView },
        errors: [401, 409, 429],
      }),
      // Ten tries a minute per address before the service's own slowing adds up.
      config: { rateLimit: { max: 10, timeWindow: "1 minute", hook: "preHandler" } },
    },
    async (request, reply) => {
      const input = parse(setupBody, request.body);
      const { token, principal } = await services.setup.complete(input, request.ip);
      setSessionCookie(reply, token, secureCookies);
      return reply.code(201).send(principal);
    },
  );
}
