import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { INBOX_FILTER_FIELDS, inboxFilterOf, LANGUAGE_CODE } from "../../domain/inboxFilter.ts";
import { itemHistoryView } from "../../domain/itemHistoryViews.ts";
import { transferInput } from "../../domain/routingViews.ts";
import { page, workItemView } from "../../domain/views.ts";
import { WORK_ITEM_STATES, type WorkItemAction } from "../../domain/workItem.ts";
import { ParleyError } from "../../errors.ts";
import type { Services } from "../../services/index.ts";
import { DISCARD_REASONS } from "../../services/workItems.ts";
import { caller, EVERYONE, HANDLERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

/** A comma-separated list in a query string, each value one of `values`. */
function listOf<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .string()
    .max(400)
    .optional()
    .refine((s) => !s || s.split(",").every((v) => v === "" || (values as readonly string[]).includes(v)), {
      message: `each value one of: ${values.join(", ")}`,
    });
}

/** Narrowing by the latest post (domain/inboxFilter.ts). */
const narrowQuery = z.object({
  platform: listOf(INBOX_FILTER_FIELDS.platform),
  channel: z.enum(INBOX_FILTER_FIELDS.channel).optional(),
  language: z
    .string()
    .max(200)
    .optional()
    .refine((s) => !s || s.split(",").every((v) => v === "" || LANGUAGE_CODE.test(v)), {
      message: "languages are ISO 639 codes such as en or pt",
    }),
  intent: listOf(INBOX_FILTER_FIELDS.intent),
  sentiment: listOf(INBOX_FILTER_FIELDS.sentiment),
  urgency: listOf(INBOX_FILTER_FIELDS.urgency),
  /** Words that must all appear in the post's text or its author's handle, in any case. */
  q: z.string().max(300).optional(),
});

/** A saved view: the filter, "mine" or all, and the order (domain/inboxFilter.ts `SavedView`). */
const savedViewBody = z.object({
  narrow: narrowQuery.strict(),
  mine: z.boolean(),
  sort: z.enum(["priority", "breach"]),
});
const savedViewInput = z.object({ name: z.string().trim().min(1).max(60), view: savedViewBody });

const listQuery = narrowQuery.extend({
  state: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",") : undefined))
    .pipe(z.array(z.enum(WORK_ITEM_STATES)).optional()),
  assignee: z.union([z.literal("me"), z.uuid()]).optional(),
  /** `me`: the items offered to the caller, waiting for their accept. */
  offered: z.literal("me").optional(),
  queue: z.string().max(100).optional(),
  /** `priority` (the default): highest first; `breach`: the soonest SLA due time first. */
  sort: z.enum(["priority", "breach"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
});
// The reason is required: a discard as irrelevant teaches the relevance filter.
const discardBody = z.object({ reason: z.enum(DISCARD_REASONS) });

const ACTIONS: WorkItemAction[] = ["claim", "release", "resolve", "discard", "reopen"];

export function workItemRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/work-items",
    {
      schema: describe({
        operationId: "listWorkItems",
        tags: ["work items"],
        summary:
          "List work items, highest priority first or soonest to breach their SLA first, narrowed by the latest post's platform, channel, language, labels and words",
        querystring: listQuery,
        response: { 200: page(workItemView) },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const { state, platform, channel, language, intent, sentiment, urgency, q, ...rest } = parse(
        listQuery,
        request.query,
      );
      const narrow = inboxFilterOf({ platform, channel, language, intent, sentiment, urgency, q });
      return services.workItems.list(caller(request), { ...rest, states: state, narrow });
    },
  );

  const savedViewOut = z.object({
    id: z.uuid(),
    name: z.string(),
    view: savedViewBody,
    updatedAt: z.string(),
  });

  app.get(
    "/api/saved-views",
    {
      schema: describe({
        operationId: "listSavedViews",
        tags: ["work items"],
        summary: "The caller's saved inbox views, by name",
        response: { 200: z.object({ items: z.array(savedViewOut) }) },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.savedViews.list(caller(request)),
  );

  app.put(
    "/api/saved-views",
    {
      schema: describe({
        operationId: "saveSavedView",
        tags: ["work items"],
        summary: "Save an inbox view under a name, replacing the caller's view of that name",
        body: savedViewInput,
        errors: [409],
        response: { 200: savedViewOut },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const { name, view } = parse(savedViewInput, request.body);
      const narrow = Object.fromEntries(
        Object.entries(view.narrow).filter(([, v]) => v !== undefined && v !== ""),
      );
      return services.savedViews.save(caller(request), { name, view: { ...view, narrow } });
    },
  );

  app.delete(
    "/api/saved-views/:id",
    {
      schema: describe({
        operationId: "deleteSavedView",
        tags: ["work items"],
        summary: "Delete one of the caller's saved views",
        params: uuidParam,
        errors: [404],
        response: { 204: null },
      }),
      config: { roles: EVERYONE },
    },
    async (request, reply) => {
      await services.savedViews.remove(caller(request), parse(uuidParam, request.params).id);
      reply.code(204);
    },
  );

  app.get(
    "/api/work-items/:id",
    {
      schema: describe({
        operationId: "getWorkItem",
        tags: ["work items"],
        summary: "One work item",
        params: uuidParam,
        response: { 200: workItemView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.workItems.get(caller(request), parse(uuidParam, request.params).id),
  );

  app.get(
    "/api/work-items/:id/history",
    {
      schema: describe({
        operationId: "getWorkItemHistory",
        tags: ["work items"],
        summary:
          "The item's history, oldest first: opened, routed, offered, claimed, transferred, replied, resolved, reopened…, each with who and when",
        params: uuidParam,
        response: { 200: itemHistoryView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.itemHistory.forItem(caller(request), parse(uuidParam, request.params).id),
  );

  for (const action of ACTIONS) {
    app.post(
      `/api/work-items/:id/${action}`,
      {
        schema: describe({
          operationId: `${action}WorkItem`,
          tags: ["work items"],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a work item`,
          params: uuidParam,
          ...(action === "discard" ? { body: discardBody } : {}),
          errors: [409],
          response: { 200: workItemView },
        }),
        config: { roles: HANDLERS },
      },
      async (request) => {
        const { id } = parse(uuidParam, request.params);
        if (action === "discard" && !(request.body as { reason?: unknown } | undefined)?.reason) {
          throw new ParleyError("discard_reason_required");
        }
        const reason = action === "discard" ? parse(discardBody, request.body).reason : undefined;
        return services.workItems.act(caller(request), id, action, { reason });
      },
    );
  }

  for (const action of ["accept", "decline"] as const) {
    app.post(
      `/api/work-items/:id/${action}`,
      {
        schema: describe({
          operationId: `${action}WorkItemOffer`,
          tags: ["work items"],
          summary:
            action === "accept" ? "Accept a work item offered to you" : "Decline a work item offered to you",
          params: uuidParam,
          errors: [409],
          response: { 200: workItemView },
        }),
        config: { roles: HANDLERS },
      },
      async (request) => {
        const { id } = parse(uuidParam, request.params);
        return services.routing[action](caller(request), id);
      },
    );
  }

  app.post(
    "/api/work-items/next",
    {
      schema: describe({
        operationId: "pullNextWorkItem",
        tags: ["work items"],
        summary: "Take the next best item you qualify for and have room for",
        response: { 200: z.object({ item: workItemView.nullable() }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => ({ item: await services.routing.pull(caller(request)) }),
  );

  app.post(
    "/api/work-items/:id/transfer",
    {
      schema: describe({
        operationId: "transferWorkItem",
        tags: ["work items"],
        summary: "Reassign to an agent or transfer to a queue (the holder, or a supervisor)",
        params: uuidParam,
        body: transferInput,
        errors: [409],
        response: { 200: workItemView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) =>
      services.routing.transfer(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(transferInput, request.body),
      ),
  );
}
