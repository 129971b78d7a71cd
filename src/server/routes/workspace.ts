/** The caller's workspace settings: everyone reads them, admins change them. */
import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/index.ts";
import { caller, EVERYONE } from "../auth.ts";
import { errorResponse, responseSchema, SIGNED_IN } from "../responseSchemas.ts";
import { jsonSchema, parse } from "../validate.ts";
import { settingsPatchBody, settingsView } from "./workspaceSchemas.ts";

const tags = ["workspace"];
const settings = responseSchema(settingsView);

export function workspaceRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    "/api/workspace",
    {
      schema: {
        tags,
        summary: "Your workspace's settings, taxonomy and the campaigns made from them",
        operationId: "getWorkspace",
        security: SIGNED_IN,
        response: { 200: settings, 401: errorResponse, 403: errorResponse },
      },
      config: { roles: EVERYONE },
    },
    async (request) => services.workspaces.settings(caller(request).workspace.id),
  );
  app.patch(
    "/api/workspace",
    {
      schema: {
        tags,
        summary: "Change the workspace's settings (admins); derived campaigns follow until edited by hand",
        operationId: "updateWorkspace",
        security: SIGNED_IN,
        body: jsonSchema(settingsPatchBody),
        response: { 200: settings, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
      config: { roles: ["admin"] },
    },
    async (request) => {
      const patch = parse(settingsPatchBody, request.body);
      const me = caller(request);
      return services.workspaces.update(me.workspace.id, patch, { userId: me.user.id });
    },
  );
}
