/** Queues, routing rules, agents' routing profiles, presence and the supervisor's overview. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  agentRoutingInput,
  agentRoutingView,
  presenceInput,
  queueInput,
  queuePatch,
  queueView,
  routingOverview,
  routingRuleInput,
  routingRuleView,
  routingSettingsInput,
  routingSettingsView,
  ruleOrderInput,
} from "../../domain/routingViews.ts";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["routing"];

export function routingRoutes(app: FastifyInstance, services: Services): void {
  const admin = services.routingAdmin;

  app.get(
    "/api/queues",
    {
      schema: describe({
        operationId: "listQueues",
        tags,
        summary: "List the queues",
        response: { 200: z.object({ items: z.array(queueView) }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => ({ items: await admin.listQueues(caller(request)) }),
  );
  app.post(
    "/api/queues",
    {
      schema: describe({
        operationId: "createQueue",
        tags,
        summary: "Create a queue",
        body: queueInput,
        errors: [409],
        response: { 201: queueView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) =>
      reply.code(201).send(await admin.createQueue(caller(request), parse(queueInput, request.body))),
  );
  app.patch(
    "/api/queues/:id",
    {
      schema: describe({
        operationId: "updateQueue",
        tags,
        summary: "Change a queue",
        params: uuidParam,
        body: queuePatch,
        errors: [409],
        response: { 200: queueView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      admin.updateQueue(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(queuePatch, request.body),
      ),
  );
  app.delete(
    "/api/queues/:id",
    {
      schema: describe({
        operationId: "deleteQueue",
        tags,
        summary: "Delete a queue (its rules go with it; its items wait in no queue)",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await admin.deleteQueue(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/routing-rules",
    {
      schema: describe({
        operationId: "listRoutingRules",
        tags,
        summary: "List the routing rules in the order they are tried",
        response: { 200: z.object({ items: z.array(routingRuleView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ items: await admin.listRules(caller(request)) }),
  );
  app.post(
    "/api/routing-rules",
    {
      schema: describe({
        operationId: "createRoutingRule",
        tags,
        summary: "Create a routing rule",
        body: routingRuleInput,
        response: { 201: routingRuleView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) =>
      reply.code(201).send(await admin.createRule(caller(request), parse(routingRuleInput, request.body))),
  );
  app.patch(
    "/api/routing-rules/:id",
    {
      schema: describe({
        operationId: "updateRoutingRule",
        tags,
        summary: "Change a routing rule",
        params: uuidParam,
        body: routingRuleInput.partial(),
        response: { 200: routingRuleView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      admin.updateRule(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(routingRuleInput.partial(), request.body),
      ),
  );
  app.put(
    "/api/routing-rules/order",
    {
      schema: describe({
        operationId: "reorderRoutingRules",
        tags,
        summary: "Put the routing rules in a new order (every rule's id once, first tried first)",
        body: ruleOrderInput,
        errors: [409],
        response: { 200: z.object({ items: z.array(routingRuleView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({
      items: await admin.reorderRules(caller(request), parse(ruleOrderInput, request.body).ids),
    }),
  );
  app.delete(
    "/api/routing-rules/:id",
    {
      schema: describe({
        operationId: "deleteRoutingRule",
        tags,
        summary: "Delete a routing rule",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await admin.deleteRule(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/routing/settings",
    {
      schema: describe({
        operationId: "getRoutingSettings",
        tags,
        summary: "Channel weights, the offer timeout and the idle time before away",
        response: { 200: routingSettingsView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => admin.settings(caller(request)),
  );
  app.put(
    "/api/routing/settings",
    {
      schema: describe({
        operationId: "saveRoutingSettings",
        tags,
        summary: "Change the routing settings",
        body: routingSettingsInput,
        response: { 200: routingSettingsView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => admin.saveSettings(caller(request), parse(routingSettingsInput, request.body)),
  );

  app.get(
    "/api/routing/overview",
    {
      schema: describe({
        operationId: "routingOverview",
        tags,
        summary: "Queues with their waits, agents with presence and load",
        response: { 200: routingOverview },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => admin.overview(caller(request)),
  );

  app.put(
    "/api/users/:id/routing",
    {
      schema: describe({
        operationId: "saveAgentRouting",
        tags,
        summary: "Set an agent's skills and capacity",
        params: uuidParam,
        body: agentRoutingInput,
        response: { 200: agentRoutingView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      present(
        await admin.saveAgent(
          caller(request),
          parse(uuidParam, request.params).id,
          parse(agentRoutingInput, request.body),
        ),
      ),
  );

  app.get(
    "/api/me/routing",
    {
      schema: describe({
        operationId: "getMyRouting",
        tags,
        summary: "The signed-in agent's presence, skills and capacity",
        response: { 200: agentRoutingView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => present(await admin.me(caller(request))),
  );
  app.put(
    "/api/me/presence",
    {
      schema: describe({
        operationId: "setMyPresence",
        tags,
        summary: "Set the signed-in agent's presence (available, away, offline)",
        body: presenceInput,
        response: { 200: agentRoutingView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => {
      const principal = caller(request);
      const { presence } = parse(presenceInput, request.body);
      await services.routing.setPresence(principal.workspace.id, principal.user.id, presence);
      return present(await admin.me(principal));
    },
  );
}

function present(agent: z.infer<typeof agentRoutingView>): z.infer<typeof agentRoutingView> {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    presence: agent.presence,
    skills: agent.skills,
    capacity: agent.capacity,
  };
}
