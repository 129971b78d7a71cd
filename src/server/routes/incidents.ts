/**
 * Incidents: the work items a topic's spike grouped (supervisors, admins and analysts read them),
 * and their one answer (supervisors and admins), written to each item and closing it in the background.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { incidentAnswerInput, incidentDetailView, incidentView } from "../../domain/incidentViews.ts";
import type { Role } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["incidents"];
const READERS: readonly Role[] = ["admin", "supervisor", "analyst"];
const ANSWERERS: readonly Role[] = ["admin", "supervisor"];

export function incidentRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/incidents",
    {
      schema: describe({
        operationId: "listIncidents",
        tags,
        summary: "Incidents newest first (the latest 100), each with its counts and state",
        response: { 200: z.object({ items: z.array(incidentView) }) },
      }),
      config: { roles: READERS },
    },
    async (request) => services.incidents.list(caller(request)),
  );

  app.get(
    "/api/incidents/:id",
    {
      schema: describe({
        operationId: "getIncident",
        tags,
        summary: "An incident with its work items, each with its post, state and the answer's reply",
        params: uuidParam,
        errors: [404],
        response: { 200: incidentDetailView },
      }),
      config: { roles: READERS },
    },
    async (request) => services.incidents.get(caller(request), parse(uuidParam, request.params).id),
  );

  app.post(
    "/api/incidents/:id/answer",
    {
      schema: describe({
        operationId: "answerIncident",
        tags,
        summary:
          "Answer every item of the incident with one text (customer, agent and brand filled per item): accepted, then written to each item through the normal reply path and closed in the background while the incident is `answering`",
        params: uuidParam,
        body: incidentAnswerInput,
        errors: [404, 409],
        response: { 202: incidentDetailView },
      }),
      config: { roles: ANSWERERS },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await services.incidents.answer(
            caller(request),
            parse(uuidParam, request.params).id,
            parse(incidentAnswerInput, request.body),
          ),
        ),
  );
}
