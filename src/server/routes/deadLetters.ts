/** Dead letters for admins: what gave up or could not be read, and retrying a dead job. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../../services/index.ts";
import { caller } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

const ADMINS = ["admin"] as const;
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.iso.datetime().optional(),
});

export function deadLetterRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["dead letters"];
  app.get(
    "/api/dead-letters",
    {
      schema: {
        tags,
        summary: "Jobs that gave up and payloads sources could not read, newest first",
        querystring: jsonSchema(listQuery),
      },
      config: { roles: ADMINS },
    },
    async (request) => ({
      items: await services.deadLetters.list(caller(request), parse(listQuery, request.query)),
    }),
  );
  app.post(
    "/api/dead-letters/:id/retry",
    {
      schema: { tags, summary: "Queue a dead job again", params: jsonSchema(uuidParam) },
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      await services.deadLetters.retry(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
