/** A person's access request and erasure, for admins. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../../services/index.ts";
import { caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const ADMINS = ["admin"] as const;
const person = z.object({
  platform: z.string().min(1).max(40),
  handle: z
    .string()
    .min(1)
    .max(200)
    .transform((h) => h.replace(/^@/, "")),
});
const personOrCustomer = z.union([person, z.object({ customerId: z.uuid() })]);
const counts = z.object({
  customers: z.number().int(),
  authors: z.number().int(),
  posts: z.number().int(),
  workItems: z.number().int(),
  conversations: z.number().int(),
  replies: z.number().int(),
  links: z.number().int(),
  deadLetters: z.number().int(),
  campaigns: z.number().int(),
});

export function privacyRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["privacy"];
  app.get(
    "/api/privacy/export",
    {
      schema: describe({
        operationId: "exportPerson",
        tags,
        summary:
          "Everything held about a person (their profile on one platform, or a customer with every profile confirmed as theirs), as JSON: an access request",
        querystring: personOrCustomer,
        response: { 200: z.record(z.string(), z.unknown()) },
        errors: [404],
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.privacy.export(caller(request), parse(personOrCustomer, request.query)),
  );
  app.post(
    "/api/privacy/erasures",
    {
      schema: describe({
        operationId: "erasePerson",
        tags,
        summary:
          "Erase a person (a profile, or a customer with their confirmed profiles): posts and analysis, work items, replies, links, customer records, payloads",
        body: personOrCustomer,
        response: { 200: counts },
        errors: [404],
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.privacy.erase(caller(request), parse(personOrCustomer, request.body)),
  );
}
