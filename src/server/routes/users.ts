import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ROLES } from "../../domain/views.ts";
import type { Services } from "../../services/index.ts";
import { caller, MANAGERS } from "../auth.ts";
import { jsonSchema, parse, uuidParam } from "../validate.ts";

const role = z.enum(ROLES as [string, ...string[]]);
const userBody = z.object({
  email: z.email(),
  name: z.string().min(1).max(200),
  role,
  password: z.string().min(8).max(1024),
});
const userPatch = z.object({ role: role.optional(), disabled: z.boolean().optional() }).strict();
type AnyRole = (typeof ROLES)[number];

export function userRoutes(app: FastifyInstance, services: Services): void {
  const tags = ["users"];
  app.get(
    "/api/users",
    { schema: { tags, summary: "The workspace's users" }, config: { roles: MANAGERS } },
    async (request) => ({ items: await services.users.list(caller(request)) }),
  );
  app.post(
    "/api/users",
    {
      schema: {
        tags,
        summary: "Add a user to the workspace (only admins add admins)",
        body: jsonSchema(userBody),
      },
      config: { roles: MANAGERS },
    },
    async (request, reply) => {
      const body = parse(userBody, request.body);
      const user = await services.users.add(caller(request), { ...body, role: body.role as AnyRole });
      return reply.code(201).send(user);
    },
  );
  app.patch(
    "/api/users/:id",
    {
      schema: {
        tags,
        summary: "Change a user's role, or disable them (admins); their sessions and sockets end",
        params: jsonSchema(uuidParam),
        body: jsonSchema(userPatch),
      },
      config: { roles: MANAGERS },
    },
    async (request) => {
      const { id } = parse(uuidParam, request.params);
      const patch = parse(userPatch, request.body);
      return services.users.update(caller(request), id, {
        ...patch,
        role: patch.role as AnyRole | undefined,
      });
    },
  );
}
