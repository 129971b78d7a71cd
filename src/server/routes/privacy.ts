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
const counts = z.object({
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
        summary: "Everything held about a person (their profile on one platform), as JSON: an access request",
        querystring: person,
        response: { 200: z.record(z.string(), z.unknown()) },
        errors: [404],
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.privacy.export(caller(request), parse(person, request.query)),
  );
  app.post(
    "/api/privacy/erasures",
    {
      schema: describe({
        operationId: "erasePerson",
        tags,
        summary:
          "Erase a person: their posts and analysis, the work items they opened, replies to them, links, payloads",
        body: person,
        response: { 200: counts },
        errors: [404],
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.privacy.erase(caller(request), parse(person, request.body)),
  );
}
