/**
 * First run: while no workspace exists, the holder of the setup code from the server's log
 * creates the brand's workspace and its first admin, and is signed in. Afterwards both routes
 * answer 409 `setup_done`.
 */
import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/index.ts";
import { errorResponse, PUBLIC, responseSchema } from "../responseSchemas.ts";
import { setSessionCookie } from "../sessionCookie.ts";
import { jsonSchema, parse } from "../validate.ts";
import { sessionView, setupBody, setupStatusView } from "./workspaceSchemas.ts";

const tags = ["setup"];

export function setupRoutes(app: FastifyInstance, services: Services, secureCookies: boolean): void {
  app.get(
    "/api/setup",
    {
      schema: {
        tags,
        summary: "Whether Parley still waits for its first-run setup",
        operationId: "getSetup",
        security: PUBLIC,
        response: { 200: responseSchema(setupStatusView), 409: errorResponse },
      },
    },
    async () => {
      await services.setup.status();
      return { needed: true };
    },
  );
  app.post(
    "/api/setup",
    {
      schema: {
        tags,
        summary: "Set Parley up with the code from the server's log: the workspace and its first admin",
        operationId: "completeSetup",
        security: PUBLIC,
        body: jsonSchema(setupBody),
        response: {
          201: responseSchema(sessionView),
          400: errorResponse,
          401: errorResponse,
          409: errorResponse,
          429: errorResponse,
        },
      },
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
