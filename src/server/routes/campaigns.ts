import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { campaignView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const handles = z.array(z.string().min(1).max(100)).max(10_000);
const campaignBody = z.object({
  name: z.string().min(1).max(200),
  query: z.string().min(1).max(10_000),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/))
    .max(50)
    .optional(),
  excludeAuthors: handles.optional(),
  vipAuthors: handles.optional(),
  enabled: z.boolean().optional(),
});

export function campaignRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["campaigns"];
  app.get(
    "/api/campaigns",
    {
      schema: describe({
        operationId: "listCampaigns",
        tags,
        summary: "List campaigns",
        response: { 200: z.object({ items: z.array(campaignView) }) },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => ({
      items: await services.campaigns.list(caller(request)),
    }),
  );
  app.get(
    "/api/campaigns/:id",
    {
      schema: describe({
        operationId: "getCampaign",
        tags,
        summary: "One campaign",
        params: uuidParam,
        response: { 200: campaignView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.campaigns.get(caller(request), parse(uuidParam, request.params).id),
  );
  app.post(
    "/api/campaigns",
    {
      schema: describe({
        operationId: "createCampaign",
        tags,
        summary: "Create a campaign",
        body: campaignBody,
        response: { 201: campaignView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.campaigns.create(caller(request), parse(campaignBody, request.body))),
  );
  app.patch(
    "/api/campaigns/:id",
    {
      schema: describe({
        operationId: "updateCampaign",
        tags,
        summary: "Change a campaign",
        params: uuidParam,
        body: campaignBody.partial(),
        response: { 200: campaignView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      services.campaigns.update(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(campaignBody.partial(), request.body),
      ),
  );
  app.delete(
    "/api/campaigns/:id",
    {
      schema: describe({
        operationId: "deleteCampaign",
        tags,
        summary: "Delete a campaign",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await services.campaigns.remove(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
