/** Dead letters for admins: what gave up or could not be read, and retrying a dead job. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { DeadLetterView } from "../../services/deadLetters.ts";
import type { Services } from "../../services/index.ts";
import { caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const ADMINS = ["admin"] as const;
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.iso.datetime().optional(),
});

const deadLetterView = z.object({
  id: z.uuid(),
  origin: z.enum(["job", "source"]),
  name: z.string(),
  sourceId: z.uuid().nullable(),
  code: z.string(),
  reason: z.string(),
  payload: z.string(),
  attempts: z.number().int(),
  createdAt: z.iso.datetime(),
  retriedAt: z.iso.datetime().nullable(),
  retryable: z.boolean(),
}) satisfies z.ZodType<DeadLetterView>;

export function deadLetterRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["dead letters"];
  app.get(
    "/api/dead-letters",
    {
      schema: describe({
        operationId: "listDeadLetters",
        tags,
        summary: "Jobs that gave up and payloads sources could not read, newest first",
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(deadLetterView) }) },
      }),
      config: { roles: ADMINS },
    },
    async (request) => ({
      items: await services.deadLetters.list(caller(request), parse(listQuery, request.query)),
    }),
  );
  app.post(
    "/api/dead-letters/:id/retry",
    {
      schema: describe({
        operationId: "retryDeadLetter",
        tags,
        summary: "Queue a dead job again",
        params: uuidParam,
        response: { 204: null },
        errors: [409],
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      await services.deadLetters.retry(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
