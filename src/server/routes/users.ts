import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ROLES, userView } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import type { UserAdminView } from "../../services/users.ts";
import { caller, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse, uuidParam } from "../validate.ts";

const role = z.enum(ROLES);
const userAdminView = userView.extend({ disabled: z.boolean() }) satisfies z.ZodType<UserAdminView>;
const userBody = z.object({
  email: z.email(),
  name: z.string().min(1).max(200),
  role,
  password: z.string().min(8).max(1024),
});
const userPatch = z.object({ role: role.optional(), disabled: z.boolean().optional() }).strict();

export function userRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["users"];
  app.get(
    "/api/users",
    {
      schema: describe({
        operationId: "listUsers",
        tags,
        summary: "The workspace's users",
        response: { 200: z.object({ items: z.array(userAdminView) }) },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => ({ items: await services.users.list(caller(request)) }),
  );
  app.post(
    "/api/users",
    {
      schema: describe({
        operationId: "addUser",
        tags,
        summary: "Add a user to the workspace (only admins add admins)",
        body: userBody,
        errors: [409],
        response: { 201: userAdminView },
      }),
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const body = parse(userBody, request.body);
      const user = await services.users.add(caller(request), body);
      return reply.code(201).send(user);
    },
  );
  app.patch(
    "/api/users/:id",
    {
      schema: describe({
        operationId: "updateUser",
        tags,
        summary: "Change a user's role, or disable them (admins); their sessions and sockets end",
        params: uuidParam,
        body: userPatch,
        response: { 200: userAdminView },
      }),
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      const patch = parse(userPatch, request.body);
      return services.users.update(caller(request), id, patch);
    },
  );
}
