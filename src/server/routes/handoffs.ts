/**
 * Hand-off to an external contact center: the workspace's endpoint (admins set it, supervisors
 * may look), handing an item off (its holder or a supervisor), its hand-offs with their history,
 * and the status route the contact center calls, authenticated by the endpoint's signature
 * instead of a user.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  handOffInput,
  handoffEndpointInput,
  handoffEndpointView,
  handoffReport,
  handoffReportAnswer,
  handoffView,
  savedHandoffEndpoint,
} from "../../domain/handoffViews.ts";
import { workItemView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { ADMINS, caller, EVERYONE, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["hand-off"];
const signedHeaders = z.object({
  "x-parley-timestamp": z.string().max(20).optional(),
  "x-parley-signature": z.string().max(200).optional(),
});
const REPORT_BODY_LIMIT = 16 * 1024;

export function handoffRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/handoff-endpoint",
    {
      schema: describe({
        operationId: "getHandoffEndpoint",
        tags,
        summary: "The workspace's hand-off endpoint (never its secret)",
        response: { 200: handoffEndpointView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.handoffs.endpoint(caller(request)),
  );

  app.put(
    "/api/handoff-endpoint",
    {
      schema: describe({
        operationId: "saveHandoffEndpoint",
        tags,
        summary:
          "Set the hand-off endpoint; its signing secret is made on the first save or on rotateSecret, and is in this answer only",
        body: handoffEndpointInput,
        response: { 200: savedHandoffEndpoint },
      }),
      config: { roles: ADMINS },
    },
    async (request) =>
      services.handoffs.saveEndpoint(caller(request), parse(handoffEndpointInput, request.body)),
  );

  app.post(
    "/api/work-items/:id/hand-off",
    {
      schema: describe({
        operationId: "handOffWorkItem",
        tags,
        summary: "Hand a work item off to the external contact center, with the reason it should know",
        params: uuidParam,
        body: handOffInput,
        errors: [409],
        response: { 202: z.object({ handoff: handoffView, workItem: workItemView }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      const { id } = parse(uuidParam, request.params);
      const body = parse(handOffInput, request.body);
      reply.code(202);
      return services.handoffs.handOff(caller(request), id, body);
    },
  );

  app.get(
    "/api/work-items/:id/handoffs",
    {
      schema: describe({
        operationId: "listWorkItemHandoffs",
        tags,
        summary: "A work item's hand-offs, newest first, each with every status it took",
        params: uuidParam,
        response: { 200: z.object({ items: z.array(handoffView) }) },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.handoffs.forWorkItem(caller(request), parse(uuidParam, request.params).id),
  );

  app.register(async (scope) => {
    // The signature covers the exact bytes sent, so the body is kept as it came.
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: REPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      "/api/handoffs/:id/status",
      {
        bodyLimit: REPORT_BODY_LIMIT,
        schema: describe({
          operationId: "reportHandoffStatus",
          tags,
          summary:
            'The contact center reports a hand-off\'s status, signed with the endpoint\'s secret: X-Parley-Signature is "sha256=" and the hex HMAC-SHA256 of "<X-Parley-Timestamp>.<body>"',
          params: uuidParam,
          body: handoffReport,
          response: { 200: handoffReportAnswer },
          // 401: signed wrongly or too long ago; 409: the status would move back or the hand-off is closed.
          errors: [401, 409],
          public: true,
        }),
      },
      async (request) => {
        const { id } = parse(uuidParam, request.params);
        const headers = parse(signedHeaders, request.headers);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return services.handoffs.report(
          id,
          { timestamp: headers["x-parley-timestamp"], signature: headers["x-parley-signature"] },
          body,
        );
      },
    );
  });
}
