import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { repliesView, replyView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, HANDLERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

// The platform's own limit is checked by the service; this bound only keeps bodies small.
const replyBody = z.object({
  text: z.string().max(20_000),
  channel: z.enum(["public", "private"]),
});

export function replyRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/work-items/:id/replies",
    {
      schema: describe({
        operationId: "listReplies",
        tags: ["replies"],
        summary: "A work item's replies with their state, and how it can be answered",
        params: uuidParam,
        response: { 200: repliesView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.replies.list(caller(request), parse(uuidParam, request.params).id),
  );

  app.post(
    "/api/work-items/:id/replies",
    {
      schema: describe({
        operationId: "createReply",
        tags: ["replies"],
        summary: "Answer a work item in its channel; the reply is queued and sent by the worker",
        params: uuidParam,
        body: replyBody,
        errors: [409],
        response: { 202: replyView },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      const { id } = parse(uuidParam, request.params);
      const body = parse(replyBody, request.body);
      reply.code(202);
      return services.replies.create(caller(request), id, body);
    },
  );
}
