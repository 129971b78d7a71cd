/** The workspace's retention policy and the reports of its runs, for admins. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { retentionPolicyView, retentionRunView } from "../../domain/customerViews.ts";
import type { Services } from "../../services/index.ts";
import { ADMINS, caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const tags = ["privacy"];
const policyBody = z.object({
  maxAgeDays: z.number().int().min(1).max(36_500).nullable(),
  mode: z.enum(["delete", "anonymise"]),
});
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export function retentionRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/retention",
    {
      schema: describe({
        operationId: "getRetention",
        tags,
        summary:
          "How long posts and conversations are kept, and whether older ones are deleted or anonymised",
        response: { 200: retentionPolicyView },
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.retention.policy(caller(request)),
  );
  app.put(
    "/api/retention",
    {
      schema: describe({
        operationId: "setRetention",
        tags,
        summary: "Set the retention age (days; null keeps everything) and mode; the daily job applies it",
        body: policyBody,
        response: { 200: retentionPolicyView },
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.retention.setPolicy(caller(request), parse(policyBody, request.body)),
  );
  app.get(
    "/api/retention/runs",
    {
      schema: describe({
        operationId: "listRetentionRuns",
        tags,
        summary: "Reports of retention runs, newest first: what each removed or anonymised",
        querystring: runsQuery,
        response: { 200: z.object({ items: z.array(retentionRunView) }) },
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.retention.runs(caller(request), parse(runsQuery, request.query).limit),
  );
  app.post(
    "/api/retention/runs",
    {
      schema: describe({
        operationId: "runRetention",
        tags,
        summary: "Apply the retention policy now; 204 when it keeps everything",
        response: { 201: retentionRunView, 204: null },
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      const run = await services.retention.runNow(caller(request));
      if (!run) return reply.code(204).send();
      reply.code(201);
      return run;
    },
  );
}
