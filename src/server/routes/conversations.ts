import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { conversationView, page, postView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const postsQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function conversationRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/conversations/:id",
    {
      schema: describe({
        operationId: "getConversation",
        tags: ["conversations"],
        summary: "A thread with its posts and work items",
        params: uuidParam,
        response: { 200: conversationView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.conversations.get(caller(request), parse(uuidParam, request.params).id),
  );

  app.get(
    "/api/posts",
    {
      schema: describe({
        operationId: "listPosts",
        tags: ["posts"],
        summary: "Posts in arrival order",
        querystring: postsQuery,
        response: { 200: page(postView) },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.posts.list(caller(request), parse(postsQuery, request.query)),
  );

  app.get(
    "/api/posts/:id",
    {
      schema: describe({
        operationId: "getPost",
        tags: ["posts"],
        summary: "One post with its analysis",
        params: uuidParam,
        response: { 200: postView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.posts.get(caller(request), parse(uuidParam, request.params).id),
  );
}
