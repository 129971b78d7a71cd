/** Agents teaching the models (corrections), the topic taxonomy, and voice counts. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { INTENTS, SENTIMENTS, URGENCIES } from "../../domain/analysis.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, HANDLERS, MANAGERS } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

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
const voicesQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(7) });

export function learningRoutes(app: FastifyInstance, services: Services): void {
  app.post(
    "/api/posts/:id/corrections",
    {
      schema: {
        tags: ["learning"],
        summary: "Correct a post's intent, sentiment or topic; the workspace's models learn from it",
        params: jsonSchema(uuidParam),
        body: jsonSchema(correctionBody),
      },
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
      schema: { tags: ["learning"], summary: "The workspace's topic taxonomy" },
      config: { roles: EVERYONE },
    },
    async (request) => services.learning.taxonomy(caller(request)),
  );

  app.put(
    "/api/taxonomy",
    {
      schema: {
        tags: ["learning"],
        summary: "Choose a starter taxonomy, or train one from example posts",
        body: jsonSchema(taxonomyBody),
      },
      config: { roles: MANAGERS },
    },
    async (request) => services.learning.setTaxonomy(caller(request), parse(taxonomyBody, request.body)),
  );

  app.get(
    "/api/priority",
    {
      schema: { tags: ["learning"], summary: "The priority formula's weights in this workspace" },
      config: { roles: EVERYONE },
    },
    async (request) => services.priority.get(caller(request)),
  );

  app.put(
    "/api/priority",
    {
      schema: {
        tags: ["learning"],
        summary: "Change some of the priority formula's weights; posts analysed from now on use them",
        body: jsonSchema(priorityBody),
      },
      config: { roles: MANAGERS },
    },
    async (request) => services.priority.set(caller(request), parse(priorityBody, request.body)),
  );

  app.get(
    "/api/insights/voices",
    {
      schema: {
        tags: ["insights"],
        summary: "Posts and distinct authors over the last days, by intent and by topic",
        querystring: jsonSchema(voicesQuery),
      },
      config: { roles: EVERYONE },
    },
    async (request) => services.insights.voices(caller(request), parse(voicesQuery, request.query).days),
  );
}
