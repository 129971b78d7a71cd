/** Customers: list and search, create, edit, merge and unmerge, timeline; for everyone who handles work. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { customerInput } from "../../domain/customerInput.ts";
import { customerDetailView, customerView, timelineView } from "../../domain/customerViews.ts";
import { page } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["customers"];
const listQuery = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
const mergeBody = z.object({ into: z.uuid() });
const timelineQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function customerRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/customers",
    {
      schema: describe({
        operationId: "listCustomers",
        tags,
        summary:
          "Customers, newest first; q matches part of a name, an external id, an email, phone, order or handle",
        querystring: listQuery,
        response: { 200: page(customerView) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => services.customers.list(caller(request), parse(listQuery, request.query)),
  );
  app.post(
    "/api/customers",
    {
      schema: describe({
        operationId: "createCustomer",
        tags,
        summary: "Create a customer",
        body: customerInput,
        errors: [409],
        response: { 201: customerView },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      reply.code(201);
      return services.customers.create(caller(request), parse(customerInput, request.body));
    },
  );
  app.get(
    "/api/customers/:id",
    {
      schema: describe({
        operationId: "getCustomer",
        tags,
        summary:
          "A customer with their links (suggested, confirmed, rejected) and the customers merged into them",
        params: uuidParam,
        response: { 200: customerDetailView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => services.customers.get(caller(request), parse(uuidParam, request.params).id),
  );
  app.patch(
    "/api/customers/:id",
    {
      schema: describe({
        operationId: "updateCustomer",
        tags,
        summary: "Edit a customer: the fields given replace theirs",
        params: uuidParam,
        body: customerInput,
        errors: [409],
        response: { 200: customerView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) =>
      services.customers.update(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(customerInput, request.body),
      ),
  );
  app.post(
    "/api/customers/:id/merge",
    {
      schema: describe({
        operationId: "mergeCustomer",
        tags,
        summary: "Merge this customer into another: its links move there, and unmerging moves them back",
        params: uuidParam,
        body: mergeBody,
        errors: [409],
        response: { 200: customerDetailView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      services.customers.merge(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(mergeBody, request.body).into,
      ),
  );
  app.post(
    "/api/customers/:id/unmerge",
    {
      schema: describe({
        operationId: "unmergeCustomer",
        tags,
        summary: "Undo a merge: the customer is listed again with the links it brought",
        params: uuidParam,
        errors: [409],
        response: { 200: customerDetailView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.customers.unmerge(caller(request), parse(uuidParam, request.params).id),
  );
  app.get(
    "/api/customers/:id/timeline",
    {
      schema: describe({
        operationId: "customerTimeline",
        tags,
        summary:
          "The customer's posts on every platform, work items and replies, across every confirmed profile",
        params: uuidParam,
        querystring: timelineQuery,
        response: { 200: timelineView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) =>
      services.customers.timeline(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(timelineQuery, request.query).limit,
      ),
  );
}
