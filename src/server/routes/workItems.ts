import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { WORK_ITEM_STATES, type WorkItemAction } from "../../domain/workItem.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, HANDLERS } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

const listQuery = z.object({
  state: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",") : undefined))
    .pipe(z.array(z.enum(WORK_ITEM_STATES)).optional()),
  assignee: z.union([z.literal("me"), z.uuid()]).optional(),
  queue: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
});
const discardBody = z.object({ reason: z.enum(["irrelevant", "spam", "duplicate", "other"]).optional() }).optional();

const ACTIONS: WorkItemAction[] = ["claim", "release", "resolve", "discard", "reopen"];

export function workItemRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/work-items",
    {
      schema: {
        tags: ["work items"],
        summary: "List work items, highest priority first",
        querystring: jsonSchema(listQuery),
      },
      config: { roles: EVERYONE },
    },
    async (request) => {
      const q = parse(listQuery, request.query);
      return services.workItems.list(caller(request), { ...q, states: q.state });
    },
  );

  app.get(
    "/api/work-items/:id",
    { schema: { tags: ["work items"], summary: "One work item", params: jsonSchema(uuidParam) }, config: { roles: EVERYONE } },
    async (request) => services.workItems.get(caller(request), parse(uuidParam, request.params).id),
  );

  for (const action of ACTIONS) {
    app.post(
      `/api/work-items/:id/${action}`,
      {
        schema: {
          tags: ["work items"],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a work item`,
          params: jsonSchema(uuidParam),
          ...(action === "discard" ? { body: jsonSchema(z.object({ reason: z.string().optional() })) } : {}),
        },
        config: { roles: HANDLERS },
      },
      async (request) => {
        const { id } = parse(uuidParam, request.params);
        const reason = action === "discard" ? parse(discardBody, request.body ?? undefined)?.reason : undefined;
        return services.workItems.act(caller(request), id, action, { reason });
      },
    );
  }
}
