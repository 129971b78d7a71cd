import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiTokenView } from "../../services/auth.ts";
import { TOKEN_DAYS } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tokenBody = z.object({
  name: z.string().min(1).max(100),
  /** Days until the token stops working. */
  expiresInDays: z.number().int().min(1).max(TOKEN_DAYS.max).optional(),
});
const tokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
}) satisfies z.ZodType<ApiTokenView>;
/** The secret is in this answer only. */
const createdToken = tokenView.extend({ token: z.string() });
const listQuery = z.object({ all: z.enum(["true", "false"]).optional() });

export function tokenRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["tokens"];
  app.post(
    "/api/tokens",
    {
      schema: describe({
        operationId: "createToken",
        tags,
        summary: "Create an API token for scripts; the secret is shown once",
        body: tokenBody,
        response: { 201: createdToken },
      }),
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
      schema: describe({
        operationId: "listTokens",
        tags,
        summary: "Your API tokens (admins: ?all=true for the workspace's)",
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(tokenView) }) },
      }),
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
      schema: describe({
        operationId: "revokeToken",
        tags,
        summary: "Revoke an API token; its live sockets close",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      await services.auth.revokeApiToken(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
