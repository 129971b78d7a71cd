import Fastify from "fastify";
import { afterEach, expect, it, describe as suite } from "vitest";
import { z } from "zod";
import { describe, errorSchema } from "../../src/server/routeSchema.ts";
import { checkResponses, type Violation } from "./responseContract.ts";

/** A tiny app whose one route declares `{ name: string }` and answers whatever the test says. */
async function appAnswering(status: number, body: unknown) {
  const app = Fastify();
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addSchema(errorSchema());
  const violations: Violation[] = [];
  app.get(
    "/thing",
    {
      schema: describe({
        operationId: "thing",
        tags: ["test"],
        summary: "A thing",
        public: true,
        response: { 200: z.object({ name: z.string() }) },
      }),
    },
    async (_request, reply) => reply.code(status).send(body),
  );
  app.delete(
    "/thing",
    {
      schema: describe({
        operationId: "drop",
        tags: ["test"],
        summary: "Drop",
        public: true,
        response: { 204: null },
      }),
    },
    async (_request, reply) => reply.code(204).send(),
  );
  checkResponses(app, (v) => violations.push(v));
  await app.ready();
  return { app, violations };
}

suite("the response check", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it("passes a body that matches the declared schema", async () => {
    const { app, violations } = await appAnswering(200, { name: "Lumen" });
    close = () => app.close();
    await app.inject({ url: "/thing" });
    await app.inject({ method: "DELETE", url: "/thing" });
    expect(violations).toEqual([]);
  });

  it("reports a property of the wrong type", async () => {
    const { app, violations } = await appAnswering(200, { name: 42 });
    close = () => app.close();
    await app.inject({ url: "/thing" });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.problem).toMatch(/does not match.*\/name must be string/);
  });

  it("reports a property the schema does not declare", async () => {
    const { app, violations } = await appAnswering(200, { name: "Lumen", secret: "x" });
    close = () => app.close();
    await app.inject({ url: "/thing" });
    expect(violations[0]!.problem).toMatch(/additional properties/);
  });

  it("reports a status the route does not declare", async () => {
    const { app, violations } = await appAnswering(202, { name: "Lumen" });
    close = () => app.close();
    await app.inject({ url: "/thing" });
    expect(violations[0]).toMatchObject({ status: 202, url: "/thing" });
    expect(violations[0]!.problem).toMatch(/status 202 is not declared/);
  });

  it("reports an error body that is not the catalogue's", async () => {
    const { app, violations } = await appAnswering(500, { message: "boom" });
    close = () => app.close();
    await app.inject({ url: "/thing" });
    expect(violations[0]!.problem).toMatch(/must have required property 'error'/);
  });

  it("reports a 404 outside any route unless it has the catalogue's shape", async () => {
    const { app, violations } = await appAnswering(200, { name: "Lumen" });
    close = () => app.close();
    await app.inject({ url: "/nowhere" }); // Fastify's own 404 body: { message, error, statusCode }
    expect(violations[0]).toMatchObject({ status: 404, url: "/nowhere" });
  });
});
