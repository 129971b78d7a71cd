import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { ParleyError } from "../../errors.ts";
import { renderMetrics } from "../../metrics.ts";
import { describe } from "../routeSchema.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Metrics tell how busy Parley is and which errors it sees: with a token configured they need it;
 * without one, only a caller on this machine that did not come through a proxy gets them.
 */
export function mayReadMetrics(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const header = request.headers.authorization;
    const given = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (!sameSecret(given, token))
      throw new ParleyError("unauthenticated", "/metrics needs its bearer token");
    return;
  }
  const proxied = request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined;
  if (proxied || !LOOPBACK.has(request.socket.remoteAddress ?? "")) {
    throw new ParleyError(
      "forbidden",
      "/metrics answers only this machine unless PARLEY_METRICS_TOKEN is set",
    );
  }
}

export function healthRoutes(
  app: FastifyInstance,
  ready: () => Promise<boolean>,
  metricsToken: string | undefined,
): void {
  app.get(
    "/healthz",
    {
      schema: describe({
        operationId: "health",
        tags: ["operations"],
        summary: "Liveness and readiness",
        public: true,
        // Not ready answers with the status too, not the catalogue's error body: probes read both.
        response: {
          200: z.object({ status: z.literal("ok") }),
          503: z.object({ status: z.literal("unavailable") }),
        },
      }),
    },
    async (_req, reply) => {
      const ok = await ready();
      return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable" });
    },
  );
  app.get(
    "/metrics",
    {
      schema: describe({
        operationId: "metrics",
        tags: ["operations"],
        summary: "Prometheus metrics (the metrics token as a bearer token, or from this machine)",
        // Not behind a user's credentials: its own token, or a caller on this machine.
        public: true,
        errors: [401, 403],
        contentType: "text/plain",
        response: { 200: z.string() },
      }),
    },
    async (request, reply) => {
      mayReadMetrics(request, metricsToken);
      return reply.type("text/plain; version=0.0.4").send(renderMetrics());
    },
  );
}
