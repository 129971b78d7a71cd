import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { TOKEN_DAYS } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

const tokenBody = z.object({
  name: z.string().min(1).max(100),
  /** Days until the token stops working. */
  expiresInDays: z.number().int().min(1).max(TOKEN_DAYS.max).optional(),
});
const listQuery = z.object({ all: z.enum(["true", "false"]).optional() });

export function tokenRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["tokens"];
  app.post(
    "/api/tokens",
    {
      schema: {
        tags,
        summary: "Create an API token for scripts; the secret is shown once",
        body: jsonSchema(tokenBody),
      },
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      const { name, expiresInDays } = parse(tokenBody, request.body);
      return reply.code(201).send(await services.auth.createApiToken(caller(request), name, expiresInDays));
    },
  );
  app.get(
    "/api/tokens",
    {
      schema: {
        tags,
        summary: "Your API tokens (admins: ?all=true for the workspace's)",
        querystring: jsonSchema(listQuery),
      },
      config: { roles: EVERYONE },
    },
    async (request) => ({
      items: await services.auth.listApiTokens(
        caller(request),
        parse(listQuery, request.query).all === "true",
      ),
    }),
  );
  app.delete(
    "/api/tokens/:id",
    {
      schema: { tags, summary: "Revoke an API token; its live sockets close", params: jsonSchema(uuidParam) },
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      await services.auth.revokeApiToken(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
