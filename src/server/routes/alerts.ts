/**
 * Alert rules (admins write them; supervisors and analysts may look), a test delivery of a rule,
 * and the alerts fired with their why and their deliveries.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { alertRuleInput } from "../../domain/alerts.ts";
import { alertListQuery, alertRuleView, alertView, savedAlertRule } from "../../domain/alertViews.ts";
import type { Role } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { ADMINS, caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["alerts"];
const READERS: readonly Role[] = ["admin", "supervisor", "analyst"];

export function alertRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/alert-rules",
    {
      schema: describe({
        operationId: "listAlertRules",
        tags,
        summary: "The workspace's alert rules, oldest first (never their secrets)",
        response: { 200: z.object({ items: z.array(alertRuleView) }) },
      }),
      config: { roles: READERS },
    },
    async (request) => services.alerts.rules(caller(request)),
  );

  app.post(
    "/api/alert-rules",
    {
      schema: describe({
        operationId: "createAlertRule",
        tags,
        summary: "Create an alert rule; its webhook signing secret is in this answer only",
        body: alertRuleInput,
        // 503: no credentials key to seal the signing secret with.
        errors: [409, 503],
        response: { 201: savedAlertRule },
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      const saved = await services.alerts.create(caller(request), parse(alertRuleInput, request.body));
      reply.code(201);
      return saved;
    },
  );

  app.put(
    "/api/alert-rules/:id",
    {
      schema: describe({
        operationId: "updateAlertRule",
        tags,
        summary: "Replace an alert rule's settings; a new signing secret only with rotateSecret",
        params: uuidParam,
        body: alertRuleInput,
        errors: [404, 409, 503],
        response: { 200: savedAlertRule },
      }),
      config: { roles: ADMINS },
    },
    async (request) =>
      services.alerts.update(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(alertRuleInput, request.body),
      ),
  );

  app.post(
    "/api/alert-rules/:id/rotate-secret",
    {
      schema: describe({
        operationId: "rotateAlertRuleSecret",
        tags,
        summary:
          "Replace the rule's webhook signing secret; the new one is in this answer only and signs every delivery from now on",
        params: uuidParam,
        errors: [404, 503],
        response: { 200: savedAlertRule },
      }),
      config: { roles: ADMINS },
    },
    async (request) => services.alerts.rotateSecret(caller(request), parse(uuidParam, request.params).id),
  );

  app.delete(
    "/api/alert-rules/:id",
    {
      schema: describe({
        operationId: "deleteAlertRule",
        tags,
        summary: "Delete an alert rule with its alerts",
        params: uuidParam,
        errors: [404],
        response: { 204: null },
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      await services.alerts.remove(caller(request), parse(uuidParam, request.params).id);
      reply.code(204);
    },
  );

  app.post(
    "/api/alert-rules/:id/test",
    {
      schema: describe({
        operationId: "testAlertRule",
        tags,
        summary: "Send a test alert to the rule's channels now (its quiet period does not apply)",
        params: uuidParam,
        errors: [404],
        response: { 202: alertView },
      }),
      config: { roles: ADMINS },
    },
    async (request, reply) => {
      const alert = await services.alerts.test(caller(request), parse(uuidParam, request.params).id);
      reply.code(202);
      return alert;
    },
  );

  app.get(
    "/api/alerts/:id/posts",
    {
      schema: describe({
        operationId: "listAlertPosts",
        tags,
        summary: "The posts behind an alert, newest first, each with its conversation and work item",
        params: uuidParam,
        errors: [404],
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                text: z.string(),
                author: z.string(),
                postedAt: z.iso.datetime(),
                conversationId: z.uuid(),
                workItemId: z.uuid().nullable(),
              }),
            ),
          }),
        },
      }),
      config: { roles: READERS },
    },
    async (request) => services.alerts.posts(caller(request), parse(uuidParam, request.params).id),
  );

  app.get(
    "/api/alerts",
    {
      schema: describe({
        operationId: "listAlerts",
        tags,
        summary:
          "Alerts newest first, fired and suppressed, each with why and its deliveries; `next` is the `before` of the next page",
        querystring: alertListQuery,
        response: { 200: z.object({ items: z.array(alertView), next: z.uuid().nullable() }) },
      }),
      config: { roles: READERS },
    },
    async (request) => services.alerts.alerts(caller(request), parse(alertListQuery, request.query)),
  );
}
