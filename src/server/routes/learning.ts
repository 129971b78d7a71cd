/** Agents teaching the models (corrections), the topic taxonomy, and voice counts. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { INTENTS, SENTIMENTS, URGENCIES } from "../../domain/analysis.ts";
import { postView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import type { TaxonomyView } from "../../services/learning.ts";
import type { PriorityView } from "../../services/priority.ts";
import { caller, EVERYONE, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const correctionBody = z.object({
  intent: z.enum(INTENTS).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  topic: z.string().min(1).max(100).optional(),
});
const taxonomyBody = z.union([
  z.object({ starter: z.string().min(1).max(50) }),
  z.object({
    examples: z
      .array(z.object({ text: z.string().min(1).max(5000), label: z.string().min(1).max(100) }))
      .min(2)
      .max(20_000),
  }),
]);
const weight = z.number().min(0).max(1);
const priorityBody = z
  .object({
    intent: z.partialRecord(z.enum(INTENTS), weight),
    urgency: z.partialRecord(z.enum(URGENCIES), weight),
    negativity: weight,
    influence: weight,
    virality: weight,
    customerValue: weight,
    age: weight,
    ageFullMinutes: z
      .number()
      .min(1)
      .max(60 * 24 * 30),
    notActionableCap: z.number().min(0).max(100),
  })
  .partial()
  .strict();
const taxonomyView = z.object({
  starter: z.string().nullable(),
  topics: z.array(z.string()),
  examples: z.number().int(),
  starters: z.array(z.string()),
}) satisfies z.ZodType<TaxonomyView>;
const weights = z.object({
  intent: z.record(z.enum(INTENTS), z.number()),
  urgency: z.record(z.enum(URGENCIES), z.number()),
  negativity: z.number(),
  influence: z.number(),
  virality: z.number(),
  customerValue: z.number(),
  age: z.number(),
  ageFullMinutes: z.number(),
  notActionableCap: z.number(),
});
const priorityView = z.object({ weights, defaults: weights }) satisfies z.ZodType<PriorityView>;
const counts = { posts: z.number().int(), authors: z.number().int() };
const voicesView = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  total: z.object(counts),
  byIntent: z.array(z.object({ intent: z.string(), ...counts })),
  byTopic: z.array(z.object({ topic: z.string().nullable(), ...counts })),
});
const voicesQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(7) });

export function learningRoutes(app: FastifyInstance, services: Services): void {
  app.post(
    "/api/posts/:id/corrections",
    {
      schema: describe({
        operationId: "correctPost",
        tags: ["learning"],
        summary: "Correct a post's intent, sentiment or topic; the workspace's models learn from it",
        params: uuidParam,
        body: correctionBody,
        response: { 200: postView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) =>
      services.learning.correct(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(correctionBody, request.body),
      ),
  );

  app.get(
    "/api/taxonomy",
    {
      schema: describe({
        operationId: "getTaxonomy",
        tags: ["learning"],
        summary: "The workspace's topic taxonomy",
        response: { 200: taxonomyView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.learning.taxonomy(caller(request)),
  );

  app.put(
    "/api/taxonomy",
    {
      schema: describe({
        operationId: "setTaxonomy",
        tags: ["learning"],
        summary: "Choose a starter taxonomy, or train one from example posts",
        body: taxonomyBody,
        response: { 200: taxonomyView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.learning.setTaxonomy(caller(request), parse(taxonomyBody, request.body)),
  );

  app.get(
    "/api/priority",
    {
      schema: describe({
        operationId: "getPriority",
        tags: ["learning"],
        summary: "The priority formula's weights in this workspace",
        response: { 200: priorityView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.priority.get(caller(request)),
  );

  app.put(
    "/api/priority",
    {
      schema: describe({
        operationId: "setPriority",
        tags: ["learning"],
        summary: "Change some of the priority formula's weights; posts analysed from now on use them",
        body: priorityBody,
        response: { 200: priorityView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.priority.set(caller(request), parse(priorityBody, request.body)),
  );

  app.get(
    "/api/insights/voices",
    {
      schema: describe({
        operationId: "voices",
        tags: ["insights"],
        summary: "Posts and distinct authors over the last days, by intent and by topic",
        querystring: voicesQuery,
        response: { 200: voicesView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.insights.voices(caller(request), parse(voicesQuery, request.query).days),
  );
}
