/**
 * Sources: list, create, change, enable, disable, remove, and their health (admins; supervisors
 * may look). Credentials are write-only: the API says which are set, never their values. The push
 * route takes posts from other systems, authenticated by the source's signature instead of a user.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { PUSH_MAX_POSTS } from "../../connectors/webhook/push.ts";
import type { SourceView } from "../../domain/sources.ts";
import type { Services } from "../../services/index.ts";
import { caller, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

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
const time = z.iso.datetime().nullable();
const sourceView = z.object({
  id: z.uuid(),
  kind: z.string(),
  label: z.string(),
  mode: z.enum(["poll", "stream", "push"]),
  name: z.string(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  credentials: z.array(z.string()),
  health: z.object({
    state: z.enum(["running", "receiving", "idle", "paused", "failing", "disabled", "finished"]),
    lastSuccessAt: time,
    lastError: z.string().nullable(),
    lastErrorAt: time,
    lagSeconds: z.number().nullable(),
    postsPerMinute: z.number(),
    postsTotal: z.number(),
    rejectsTotal: z.number(),
    pausedUntil: time,
  }),
  pushPath: z.string().nullable(),
  createdAt: z.iso.datetime(),
}) satisfies z.ZodType<SourceView>;
const kindView = z.object({
  kind: z.string(),
  label: z.string(),
  platform: z.string(),
  mode: z.enum(["poll", "stream", "push"]),
  credentials: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
});
const checkBody = z.object({
  kind: z.string().min(1).max(50),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: secrets.optional(),
  /** A saved source whose credentials are used where none are given. */
  sourceId: z.uuid().optional(),
});
const checkAnswer = z.object({ ok: z.boolean(), found: z.array(z.string()), problems: z.array(z.string()) });
const pushAnswer = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), code: z.string(), reason: z.string() })),
});
// A push of the most posts, each near the longest a post may be.
const PUSH_BODY_LIMIT = PUSH_MAX_POSTS * 16 * 1024;

export function sourceRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["sources"];
  app.get(
    "/api/sources/kinds",
    {
      schema: describe({
        operationId: "listSourceKinds",
        tags,
        summary: "The kinds of source, with their settings' schema",
        response: { 200: z.object({ items: z.array(kindView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async () => ({ items: services.sources.kinds() }),
  );
  app.get(
    "/api/sources",
    {
      schema: describe({
        operationId: "listSources",
        tags,
        summary: "The workspace's sources with their health",
        response: { 200: z.object({ items: z.array(sourceView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ items: await services.sources.list(caller(request)) }),
  );
  app.get(
    "/api/sources/:id",
    {
      schema: describe({
        operationId: "getSource",
        tags,
        summary: "One source with its health",
        params: uuidParam,
        response: { 200: sourceView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.sources.get(caller(request), parse(uuidParam, request.params).id),
  );
  app.post(
    "/api/sources",
    {
      schema: describe({
        operationId: "createSource",
        tags,
        summary: "Create a source; a push source's signing secret is in this answer only",
        body: sourceBody,
        response: { 201: z.object({ source: sourceView, signingSecret: z.string().optional() }) },
        errors: [503],
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) =>
      reply.code(201).send(await services.sources.create(caller(request), parse(sourceBody, request.body))),
  );
  app.post(
    "/api/sources/check",
    {
      schema: describe({
        operationId: "checkSource",
        tags,
        summary: "Test a source's settings: connect and log in, store nothing, say what was found",
        body: checkBody,
        response: { 200: checkAnswer },
        errors: [409],
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.sources.check(caller(request), parse(checkBody, request.body)),
  );
  app.patch(
    "/api/sources/:id",
    {
      schema: describe({
        operationId: "updateSource",
        tags,
        summary: "Change a source; credentials given replace those of the same name",
        params: uuidParam,
        body: sourcePatch,
        response: { 200: sourceView },
        errors: [503],
      }),
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
        schema: describe({
          operationId: `${action}Source`,
          tags,
          summary: `${enabled ? "Start" : "Stop"} a source`,
          params: uuidParam,
          response: { 200: sourceView },
        }),
        config: { roles: ADMINS },
      },
      async (request) =>
        services.sources.setEnabled(caller(request), parse(uuidParam, request.params).id, enabled),
    );
  }
  app.delete(
    "/api/sources/:id",
    {
      schema: describe({
        operationId: "deleteSource",
        tags,
        summary: "Remove a source",
        params: uuidParam,
        response: { 204: null },
      }),
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
      (_request, body, done) => done(null, body),
    );
    scope.post(
      "/api/sources/:id/push",
      {
        bodyLimit: PUSH_BODY_LIMIT,
        schema: describe({
          operationId: "pushPosts",
          tags,
          summary:
            'Push posts into a push source, signed with its secret: X-Parley-Signature is "sha256=" and the hex HMAC-SHA256 of "<X-Parley-Timestamp>.<body>"',
          params: uuidParam,
          body: z.object({ posts: z.array(z.unknown()).max(PUSH_MAX_POSTS) }),
          // 202: stored; 200: the first answer again, for a repeated Idempotency-Key.
          response: { 200: pushAnswer, 202: pushAnswer },
          // 401: signed wrongly or too long ago; 409: the source is disabled.
          errors: [401, 409],
          public: true,
        }),
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
