/** Reply templates, approval rules and approvals, trainee flags, survey settings and scores. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  approvalRuleInput,
  approvalRulePatch,
  approvalRuleView,
  approvalsView,
  approveInput,
  itemTemplatesView,
  rejectInput,
  renderedView,
  renderInput,
  surveyScoresQuery,
  surveyScoresView,
  surveySettingsInput,
  surveySettingsView,
  templateInput,
  templatePatch,
  templateView,
  traineeInput,
  traineesView,
} from "../../domain/engagementViews.ts";
import { replyView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, HANDLERS, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const templateParams = z.object({ id: z.uuid(), templateId: z.uuid() });

export function engagementRoutes(app: FastifyInstance, services: Services): void {
  const { templates, approvals, surveys } = services;

  app.get(
    "/api/templates",
    {
      schema: describe({
        operationId: "listTemplates",
        tags: ["templates"],
        summary: "The workspace's reply templates with their versions per language",
        response: { 200: z.object({ items: z.array(templateView) }) },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => ({ items: await templates.list(caller(request)) }),
  );

  app.post(
    "/api/templates",
    {
      schema: describe({
        operationId: "createTemplate",
        tags: ["templates"],
        summary:
          "Add a template; its variables are checked ({{customer_name}}, {{order_number}}, {{agent_name}}, {{brand_name}})",
        body: templateInput,
        errors: [409],
        response: { 201: templateView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const body = parse(templateInput, request.body);
      return reply.code(201).send(await templates.create(caller(request), body));
    },
  );

  app.patch(
    "/api/templates/:id",
    {
      schema: describe({
        operationId: "updateTemplate",
        tags: ["templates"],
        summary: "Rename a template or replace its versions",
        params: uuidParam,
        body: templatePatch,
        errors: [409],
        response: { 200: templateView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      return templates.update(caller(request), id, parse(templatePatch, request.body));
    },
  );

  app.delete(
    "/api/templates/:id",
    {
      schema: describe({
        operationId: "deleteTemplate",
        tags: ["templates"],
        summary: "Delete a template",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await templates.remove(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/work-items/:id/templates",
    {
      schema: describe({
        operationId: "listItemTemplates",
        tags: ["templates"],
        summary:
          "Templates for answering a work item: those in its post's language first, each with the version to use",
        params: uuidParam,
        response: { 200: itemTemplatesView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => templates.forWorkItem(caller(request), parse(uuidParam, request.params).id),
  );

  app.post(
    "/api/work-items/:id/templates/:templateId/render",
    {
      schema: describe({
        operationId: "renderTemplate",
        tags: ["templates"],
        summary:
          "A template's text for a work item with every variable filled; a missing one is an error naming it",
        params: templateParams,
        body: renderInput,
        response: { 200: renderedView },
      }),
      config: { roles: HANDLERS },
    },
    async (request) => {
      const { id, templateId } = parse(templateParams, request.params);
      return templates.render(caller(request), id, templateId, parse(renderInput, request.body ?? {}));
    },
  );

  app.get(
    "/api/approval-rules",
    {
      schema: describe({
        operationId: "listApprovalRules",
        tags: ["approvals"],
        summary: "Rules that hold a reply for a supervisor's approval",
        response: { 200: z.object({ items: z.array(approvalRuleView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ items: await approvals.rules(caller(request)) }),
  );

  app.post(
    "/api/approval-rules",
    {
      schema: describe({
        operationId: "createApprovalRule",
        tags: ["approvals"],
        summary: "Add an approval rule: a reply matching all its conditions waits for a supervisor",
        body: approvalRuleInput,
        response: { 201: approvalRuleView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const body = parse(approvalRuleInput, request.body);
      return reply.code(201).send(await approvals.createRule(caller(request), body));
    },
  );

  app.patch(
    "/api/approval-rules/:id",
    {
      schema: describe({
        operationId: "updateApprovalRule",
        tags: ["approvals"],
        summary: "Rename, turn on or off, or change an approval rule's conditions",
        params: uuidParam,
        body: approvalRulePatch,
        response: { 200: approvalRuleView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      return approvals.updateRule(caller(request), id, parse(approvalRulePatch, request.body));
    },
  );

  app.delete(
    "/api/approval-rules/:id",
    {
      schema: describe({
        operationId: "deleteApprovalRule",
        tags: ["approvals"],
        summary: "Delete an approval rule",
        params: uuidParam,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      await approvals.deleteRule(caller(request), parse(uuidParam, request.params).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/approvals",
    {
      schema: describe({
        operationId: "listApprovals",
        tags: ["approvals"],
        summary: "Replies waiting for approval, oldest first, with the post each answers",
        response: { 200: approvalsView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ items: await approvals.waiting(caller(request)) }),
  );

  app.post(
    "/api/replies/:id/approve",
    {
      schema: describe({
        operationId: "approveReply",
        tags: ["approvals"],
        summary: "Approve a waiting reply, optionally with an edited text: it is queued and sent",
        params: uuidParam,
        body: approveInput,
        errors: [409],
        response: { 200: replyView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      return approvals.approve(caller(request), id, parse(approveInput, request.body ?? {}));
    },
  );

  app.post(
    "/api/replies/:id/reject",
    {
      schema: describe({
        operationId: "rejectReply",
        tags: ["approvals"],
        summary: "Reject a waiting reply with a reason the agent sees; it is never sent",
        params: uuidParam,
        body: rejectInput,
        errors: [409],
        response: { 200: replyView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      return approvals.reject(caller(request), id, parse(rejectInput, request.body));
    },
  );

  app.get(
    "/api/trainees",
    {
      schema: describe({
        operationId: "listTrainees",
        tags: ["approvals"],
        summary: "The users flagged as trainees",
        response: { 200: traineesView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ userIds: await approvals.trainees(caller(request)) }),
  );

  app.put(
    "/api/users/:id/trainee",
    {
      schema: describe({
        operationId: "setTrainee",
        tags: ["approvals"],
        summary: "Flag a user as a trainee, or not (approval rules can hold trainees' replies)",
        params: uuidParam,
        body: traineeInput,
        response: { 204: null },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const { id } = parse(uuidParam, request.params);
      await approvals.setTrainee(caller(request), id, parse(traineeInput, request.body).trainee);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/surveys/settings",
    {
      schema: describe({
        operationId: "getSurveySettings",
        tags: ["surveys"],
        summary:
          "Whether resolved items' customers are invited to rate the help, when, and how often at most",
        response: { 200: surveySettingsView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => surveys.settings(caller(request)),
  );

  app.put(
    "/api/surveys/settings",
    {
      schema: describe({
        operationId: "saveSurveySettings",
        tags: ["surveys"],
        summary:
          "Turn surveys on or off, set the delay after a resolve and the days before asking a person again",
        body: surveySettingsInput,
        response: { 200: surveySettingsView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => surveys.saveSettings(caller(request), parse(surveySettingsInput, request.body)),
  );

  app.get(
    "/api/surveys/scores",
    {
      schema: describe({
        operationId: "surveyScores",
        tags: ["surveys"],
        summary: "Survey ratings per agent, queue and period (by default the last 30 days, per day)",
        querystring: surveyScoresQuery,
        response: { 200: surveyScoresView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => surveys.scores(caller(request), parse(surveyScoresQuery, request.query)),
  );
}
