/** Agents' internal notes on a work item. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["work items"];
const noteBody = z.object({ text: z.string().max(8000) });
export const noteView = z.object({
  id: z.string(),
  workItemId: z.string(),
  text: z.string(),
  author: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  createdAt: z.string(),
});

export function noteRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/work-items/:id/notes",
    {
      schema: describe({
        operationId: "listNotes",
        tags,
        summary: "The work item's internal notes, oldest first",
        params: uuidParam,
        response: { 200: z.object({ items: z.array(noteView) }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => services.notes.list(caller(request), parse(uuidParam, request.params).id),
  );
  app.post(
    "/api/work-items/:id/notes",
    {
      schema: describe({
        operationId: "addNote",
        tags,
        summary: "Add an internal note to the work item (never sent to the customer)",
        params: uuidParam,
        body: noteBody,
        response: { 201: noteView },
      }),
      config: { roles: HANDLERS },
    },
    async (request, reply) => {
      const note = await services.notes.add(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(noteBody, request.body).text,
      );
      return reply.code(201).send(note);
    },
  );
}
