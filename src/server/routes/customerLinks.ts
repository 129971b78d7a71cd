/** Links between social profiles and customers: the panel beside a conversation, and agents' decisions. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authorCustomerView, linkView } from "../../domain/customerViews.ts";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["customers"];
const linkBody = z.object({ customerId: z.uuid() });
const decision = z.object({ decision: z.enum(["confirmed", "rejected"]) });

export function customerLinkRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/authors/:id/customer",
    {
      schema: describe({
        operationId: "authorCustomer",
        tags,
        summary:
          "The customer linked to a profile, or suggestions with evidence and confidence; the consent that applies",
        params: uuidParam,
        response: { 200: authorCustomerView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => services.customerLinks.forAuthor(caller(request), parse(uuidParam, request.params).id),
  );
  app.post(
    "/api/authors/:id/links",
    {
      schema: describe({
        operationId: "linkAuthor",
        tags,
        summary: "Link the profile to a customer the agent chose",
        params: uuidParam,
        body: linkBody,
        errors: [409],
        response: { 201: linkView },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      reply.code(201);
      return services.customerLinks.link(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(linkBody, request.body).customerId,
      );
    },
  );
  app.post(
    "/api/links/:id/decision",
    {
      schema: describe({
        operationId: "decideLink",
        tags,
        summary: "Confirm or reject a suggested link",
        params: uuidParam,
        body: decision,
        errors: [409],
        response: { 200: linkView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) =>
      services.customerLinks.decide(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(decision, request.body).decision,
      ),
  );
  app.delete(
    "/api/links/:id",
    {
      schema: describe({
        operationId: "undoLink",
        tags,
        summary: "Undo a link or a rejection",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      await services.customerLinks.undo(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );
}
