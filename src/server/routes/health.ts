import type { FastifyInstance } from "fastify";
import { renderMetrics } from "../../metrics.ts";

export function healthRoutes(app: FastifyInstance, ready: () => Promise<boolean>): void {
  app.get("/healthz", { schema: { tags: ["operations"], summary: "Liveness and readiness" } }, async (_req, reply) => {
    const ok = await ready();
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable" });
  });
  app.get("/metrics", { schema: { tags: ["operations"], summary: "Prometheus metrics" } }, async (_req, reply) =>
    reply.type("text/plain; version=0.0.4").send(renderMetrics()),
  );
}
