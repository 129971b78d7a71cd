/** SLA calendars and policies (set up by supervisors and admins) and the SLA report. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  calendarInput,
  calendarView,
  policyInput,
  policyView,
  slaReport,
  slaReportQuery,
} from "../../domain/slaViews.ts";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const tags = ["sla"];

export function slaRoutes(app: FastifyInstance, services: Services): void {
  const admin = services.slaAdmin;

  app.get(
    "/api/sla/calendars",
    {
      schema: describe({
        operationId: "listSlaCalendars",
        tags,
        summary: "List the business-hours calendars",
        response: { 200: z.object({ items: z.array(calendarView) }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => ({ items: await admin.listCalendars(caller(request)) }),
  );
  app.post(
    "/api/sla/calendars",
    {
      schema: describe({
        operationId: "createSlaCalendar",
        tags,
        summary: "Create a business-hours calendar (time zone, weekly hours with breaks, holidays)",
        body: calendarInput,
        errors: [409],
        response: { 201: calendarView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) =>
      reply.code(201).send(await admin.createCalendar(caller(request), parse(calendarInput, request.body))),
  );
  app.put(
    "/api/sla/calendars/:id",
    {
      schema: describe({
        operationId: "updateSlaCalendar",
        tags,
        summary: "Replace a calendar; running SLA clocks are counted again with it",
        params: uuidParam,
        body: calendarInput,
        errors: [409],
        response: { 200: calendarView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      admin.updateCalendar(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(calendarInput, request.body),
      ),
  );
  app.delete(
    "/api/sla/calendars/:id",
    {
      schema: describe({
        operationId: "deleteSlaCalendar",
        tags,
        summary: "Delete a calendar no policy uses",
        params: uuidParam,
        errors: [409],
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await admin.deleteCalendar(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/sla/policies",
    {
      schema: describe({
        operationId: "listSlaPolicies",
        tags,
        summary: "List the SLA policies in the order they are tried",
        response: { 200: z.object({ items: z.array(policyView) }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => ({ items: await admin.listPolicies(caller(request)) }),
  );
  app.post(
    "/api/sla/policies",
    {
      schema: describe({
        operationId: "createSlaPolicy",
        tags,
        summary: "Create an SLA policy: conditions, targets, calendar and escalations",
        body: policyInput,
        errors: [409],
        response: { 201: policyView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) =>
      reply.code(201).send(await admin.createPolicy(caller(request), parse(policyInput, request.body))),
  );
  app.put(
    "/api/sla/policies/:id",
    {
      schema: describe({
        operationId: "updateSlaPolicy",
        tags,
        summary: "Replace an SLA policy; running SLA clocks are counted again with it",
        params: uuidParam,
        body: policyInput,
        errors: [409],
        response: { 200: policyView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) =>
      admin.updatePolicy(
        caller(request),
        parse(uuidParam, request.params).id,
        parse(policyInput, request.body),
      ),
  );
  app.delete(
    "/api/sla/policies/:id",
    {
      schema: describe({
        operationId: "deleteSlaPolicy",
        tags,
        summary: "Delete an SLA policy (its items are matched again against the others)",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await admin.deletePolicy(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/sla/report",
    {
      schema: describe({
        operationId: "getSlaReport",
        tags,
        summary:
          "SLA met % per queue, agent and policy for items opened in a period, with the breached items",
        querystring: slaReportQuery,
        response: { 200: slaReport },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => {
      const q = parse(slaReportQuery, request.query);
      return admin.report(caller(request), new Date(q.from), new Date(q.to));
    },
  );
}
