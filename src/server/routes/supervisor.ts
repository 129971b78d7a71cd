/** The supervisor's live view: queues and agents with their figures. */
import type { FastifyInstance } from "fastify";
import { supervisorView } from "../../domain/supervisorViews.ts";
import type { Services } from "../../services/index.ts";
import { caller, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";

export function supervisorRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/supervisor",
    {
      schema: describe({
        operationId: "supervisorView",
        tags: ["routing"],
        summary:
          "Queues' waits, offers, holds, estimated waits and SLAs at risk; agents' presence, load and handled today",
        response: { 200: supervisorView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => services.supervisor.view(caller(request)),
  );
}
