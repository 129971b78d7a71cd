/**
 * Sources: list, create, change, enable, disable, remove, and their health (admins; supervisors
 * may look). Credentials are write-only: the API says which are set, never their values. The push
 * route takes posts from other systems, authenticated by the source's signature instead of a user.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { PUSH_MAX_POSTS } from "../../connectors/webhook/push.ts";
import type { Services } from "../../services/index.ts";
import { caller, MANAGERS } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

const ADMINS = ["admin"] as const;
const secrets = z.record(z.string().min(1).max(100), z.string().min(1).max(10_000));
const sourceBody = z.object({
  kind: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: secrets.optional(),
  enabled: z.boolean().optional(),
});
const sourcePatch = z.object({
  name: z.string().min(1).max(200).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: secrets.optional(),
});
const pushHeaders = z.object({
  "x-parley-timestamp": z.string().max(20).optional(),
  "x-parley-signature": z.string().max(200).optional(),
  "idempotency-key": z.string().min(1).max(200).optional(),
});
// A push of the most posts, each near the longest a post may be.
const PUSH_BODY_LIMIT = PUSH_MAX_POSTS * 16 * 1024;

export function sourceRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["sources"];
  app.get(
    "/api/sources/kinds",
    {
      schema: { tags, summary: "The kinds of source, with their settings' schema" },
      config: { roles: MANAGERS },
    },
    async () => ({ items: services.sources.kinds() }),
  );
  app.get(
    "/api/sources",
    { schema: { tags, summary: "The workspace's sources with their health" }, config: { roles: MANAGERS } },
    async (request) => ({ items: await services.sources.list(caller(request)) }),
  );
  app.get(
    "/api/sources/:id",
    {
      schema: { tags, summary: "One source with its health", params: jsonSchema(uuidParam) },
      config: { roles: MANAGERS },
    },
    async (request) => services.sources.get(caller(request), parse(uuidParam, request.params).id),
  );
  app.post(
    "/api/sources",
    {
      schema: {
        tags,
        summary: "Create a source; a push source's signing secret is in this answer only",
        body: jsonSchema(sourceBody),
      },
      config: { roles: ADMINS },
    },
    async (request, reply) =>
      reply.code(201).send(await services.sources.create(caller(request), parse(sourceBody, request.body))),
  );
  app.patch(
    "/api/sources/:id",
    {
      schema: {
        tags,
        summary: "Change a source",
        params: jsonSchema(uuidParam),
        body: jsonSchema(sourcePatch),
      },
      config: { roles: ADMINS },
    },
    async (request) =>
      services.sources.update(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(sourcePatch, request.body),
      ),
  );
  for (const [action, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    app.post(
      `/api/sources/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "enable" ? "Start" : "Stop"} a source`,
          params: jsonSchema(uuidParam),
        },
        config: { roles: ADMINS },
      },
      async (request) =>
        services.sources.setEnabled(caller(request), parse(uuidParam, request.params).id, enabled),
    );
  }
  app.delete(
    "/api/sources/:id",
    {
      schema: { tags, summary: "Remove a source", params: jsonSchema(uuidParam) },
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      await services.sources.remove(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.register(async (scope) => {
    // The signature covers the exact bytes sent, so the body is kept as it came.
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: PUSH_BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    scope.post(
      "/api/sources/:id/push",
      {
        bodyLimit: PUSH_BODY_LIMIT,
        schema: {
          tags,
          summary:
            "Push posts into a push source, signed with its secret (HMAC-SHA256 over timestamp and body)",
          params: jsonSchema(uuidParam),
        },
      },
      async (request, reply) => {
        const { id } = parse(uuidParam, request.params);
        const headers = parse(pushHeaders, request.headers);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await services.sources.push(
          id,
          {
            timestamp: headers["x-parley-timestamp"],
            signature: headers["x-parley-signature"],
            idempotencyKey: headers["idempotency-key"],
          },
          body,
        );
        const { repeated, ...answer } = result;
        return reply.code(repeated ? 200 : 202).send(answer);
      },
    );
  });
}
