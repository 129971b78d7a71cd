/**
 * Live updates over a WebSocket: the caller's workspace events, as JSON, one per message (work
 * items as the caller's role may see them; agents' presence to supervisors and admins, and each
 * agent's own to them). A
 * socket lives only as long as the credential it was opened with: signing out, revoking the token,
 * or disabling (or re-roling) the user closes it at once in this process, and every socket
 * re-checks its credential periodically, which reaches sockets held by other web processes.
 */
import type { FastifyInstance } from "fastify";
import type { Bus } from "../../bus/index.ts";
import type { AccessEnded } from "../../services/auth.ts";
import type { Services } from "../../services/index.ts";
import { hearsPresenceOf, workItemFor } from "../../services/visibility.ts";
import { identify } from "../auth.ts";
import { describe } from "../routeSchema.ts";

/** Close code sent when the credential behind a socket stopped working. */
export const ACCESS_ENDED = 4401;

interface Held {
  key: string;
  userId: string;
  close(): void;
}

export function liveRoutes(app: FastifyInstance, services: Services, bus: Bus, recheckMs = 60_000): void {
  const held = new Set<Held>();
  const stop = services.auth.onAccessEnded((event: AccessEnded) => {
    for (const h of held) {
      if ("keys" in event ? event.keys.includes(h.key) : event.userId === h.userId) h.close();
    }
  });
  app.addHook("onClose", async () => stop());

  // A WebSocket upgrade, which OpenAPI cannot describe; refusals before it are catalogue errors.
  const schema = describe({
    operationId: "live",
    tags: ["live"],
    summary: "Live updates over a WebSocket",
    hide: true,
    response: {},
  });
  app.get("/api/live", { websocket: true, schema }, async (socket, request) => {
    const identified = await identify(services.auth, request);
    if (!identified) {
      socket.close(ACCESS_ENDED, "unauthenticated");
      return;
    }
    const { principal, key } = identified;
    const role = principal.user.role;
    const entry: Held = {
      key,
      userId: principal.user.id,
      close: () => socket.close(ACCESS_ENDED, "access ended"),
    };
    held.add(entry);
    // A reconnecting screen names the last event it saw: it gets what changed since, then the
    // live events, which wait meanwhile so an older view never overwrites a newer one.
    const after = Number((request.query as { after?: string }).after);
    const catchingUp = Number.isSafeInteger(after) && after >= 0;
    let waiting: string[] | null = catchingUp ? [] : null;
    const send = (message: string) => {
      if (socket.readyState !== socket.OPEN) return;
      if (waiting) waiting.push(message);
      else socket.send(message);
    };
    const unsubscribe = bus.subscribe(principal.workspace.id, (event) => {
      if (event.type === "agent.presence") {
        if (hearsPresenceOf(role, principal.user.id, event.agent.id)) send(JSON.stringify(event));
      } else send(JSON.stringify({ ...event, workItem: workItemFor(role, event.workItem) }));
    });
    const recheck = setInterval(async () => {
      const still = await identify(services.auth, request).catch(() => null);
      if (!still || still.principal.user.role !== role) entry.close();
    }, recheckMs);
    recheck.unref();
    socket.on("close", () => {
      clearInterval(recheck);
      held.delete(entry);
      unsubscribe();
    });
    socket.send(JSON.stringify({ type: "hello", workspaceId: principal.workspace.id }));
    if (catchingUp) {
      const since = await services.workItems.changedSince(principal, after).catch(() => null);
      if (socket.readyState !== socket.OPEN) return;
      if (!since?.complete) socket.send(JSON.stringify({ type: "resync" }));
      else {
        for (const change of since.changes) {
          socket.send(
            JSON.stringify({
              type: change.created ? "work_item.created" : "work_item.updated",
              workspaceId: principal.workspace.id,
              workItem: change.item,
              seq: change.seq,
            }),
          );
        }
        for (const change of since.presence) {
          if (!hearsPresenceOf(role, principal.user.id, change.agent.id)) continue;
          socket.send(
            JSON.stringify({
              type: "agent.presence",
              workspaceId: principal.workspace.id,
              agent: change.agent,
              seq: change.seq,
            }),
          );
        }
        socket.send(JSON.stringify({ type: "caught_up", seq: since.seq }));
      }
      const queued = waiting ?? [];
      waiting = null;
      for (const message of queued) socket.send(message);
    }
  });
}
