/** The audit log, for admins. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { auditEntryView, page } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { ADMINS, caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const auditQuery = z.object({
  /** The acting user's id. */
  actor: z.uuid().optional(),
  /** An action as recorded, e.g. `user.role`, `work_item.resolve`. */
  action: z.string().min(1).max(100).optional(),
  /** The kind of entity acted on, e.g. `user`, `work_item`, `campaign`. */
  entity: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(256).optional(),
  /** From and to this time, inclusive (ISO 8601 with Z). */
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});

export function auditRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/audit",
    {
      schema: describe({
        operationId: "listAudit",
        tags: ["audit"],
        summary: "The audit log, newest first; filter by actor, action, entity and time",
        querystring: auditQuery,
        response: { 200: page(auditEntryView) },
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.audit.list(caller(request), parse(auditQuery, request.query)),
  );
}
