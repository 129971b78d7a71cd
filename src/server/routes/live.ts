/** Live updates over a WebSocket: the caller's workspace events, as JSON, one per message. */
import type { FastifyInstance } from "fastify";
import type { Bus } from "../../bus/index.ts";
import type { Services } from "../../services/index.ts";
import { workItemFor } from "../../services/visibility.ts";
import { identify } from "../auth.ts";

export function liveRoutes(app: FastifyInstance, services: Services, bus: Bus): void {
  app.get("/api/live", { websocket: true, schema: { hide: true } }, async (socket, request) => {
    const principal = await identify(services.auth, request);
    if (!principal) {
      socket.close(4401, "unauthenticated");
      return;
    }
    const role = principal.user.role;
    const unsubscribe = bus.subscribe(principal.workspace.id, (event) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(JSON.stringify({ ...event, workItem: workItemFor(role, event.workItem) }));
    });
    socket.on("close", unsubscribe);
    socket.send(JSON.stringify({ type: "hello", workspaceId: principal.workspace.id }));
  });
}
