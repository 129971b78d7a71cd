/**
 * Links between social profiles and customers: the panel beside a conversation, agents' decisions,
 * and the customer's own confirmation through a one-time link (its two public routes).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { authorCustomerView, linkView } from "../../domain/customerViews.ts";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["customers"];
const linkBody = z.object({ customerId: z.uuid() });
const decision = z.object({ decision: z.enum(["confirmed", "rejected"]) });
const tokenBody = z.object({ token: z.string().min(1).max(200) });
const linkRequestView = z.object({
  id: z.string(),
  authorId: z.string(),
  customerId: z.string(),
  replyId: z.string(),
  workItemId: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
const confirmationPageView = z.object({
  platform: z.string(),
  handle: z.string(),
  brand: z.string(),
  expiresAt: z.string(),
});
// Tokens are unguessable; the limit keeps a scan of them from costing anything either.
const publicLimit = { rateLimit: { max: 30, timeWindow: "1 minute", hook: "preHandler" } } as const;

export function customerLinkRoutes(
  app: FastifyInstance,
  services: Services,
  publicOrigin: string | undefined,
): void {
  const baseOf = (request: FastifyRequest) =>
    publicOrigin ?? `${request.protocol}://${request.headers.host ?? "localhost"}`;
  app.post(
    "/api/authors/:id/confirmation-requests",
    {
      schema: describe({
        operationId: "askCustomerToConfirm",
        tags,
        summary:
          "Ask the customer to confirm the link themselves: a private message with a one-time link (7 days)",
        params: uuidParam,
        body: linkBody,
        errors: [409, 503],
        response: { 201: linkRequestView },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      const made = await services.linkConfirmations.request(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(linkBody, request.body).customerId,
        baseOf(request),
      );
      return reply.code(201).send(made);
    },
  );
  app.post(
    "/api/link-confirmations/lookup",
    {
      schema: describe({
        operationId: "lookUpLinkConfirmation",
        tags,
        summary: "What a one-time confirmation link asks: the handle and the brand (public)",
        public: true,
        body: tokenBody,
        errors: [404, 410, 429],
        response: { 200: confirmationPageView },
      }),
      config: publicLimit,
    },
    async (request) => services.linkConfirmations.show(parse(tokenBody, request.body).token),
  );
  app.post(
    "/api/link-confirmations/confirm",
    {
      schema: describe({
        operationId: "confirmLinkAsCustomer",
        tags,
        summary: "The customer confirms that the profile is theirs; the link works once (public)",
        public: true,
        body: tokenBody,
        errors: [404, 410, 429],
        response: { 200: z.object({ confirmed: z.literal(true) }) },
      }),
      config: publicLimit,
    },
    async (request) => services.linkConfirmations.confirm(parse(tokenBody, request.body).token),
  );
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
