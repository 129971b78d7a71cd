/** The caller's workspace settings: everyone reads them, admins change them. */
import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";
import { settingsPatchBody, settingsView } from "./workspaceSchemas.ts";

const tags = ["workspace"];

export function workspaceRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/workspace",
    {
      schema: describe({
        tags,
        summary: "Your workspace's settings, taxonomy and the campaigns made from them",
        operationId: "getWorkspace",
        response: { 200: settingsView },
      }),
      config: { roles: EVERYONE },
    },
    async (request) => services.workspaces.settings(caller(request).workspace.id),
  );
  app.patch(
    "/api/workspace",
    {
      schema: describe({
        tags,
        summary: "Change the workspace's settings (admins); derived campaigns follow until edited by hand",
        operationId: "updateWorkspace",
        body: settingsPatchBody,
        response: { 200: settingsView },
      }),
      config: { roles: ["admin"] },
    },
    async (request) => {
      const patch = parse(settingsPatchBody, request.body);
      const me = caller(request);
      return services.workspaces.update(me.workspace.id, patch, { userId: me.user.id });
    },
  );
}
