/**
 * Property-based fuzzing of every route the API publishes: requests are generated from each
 * route's own schema (as served in /openapi.json, made from its zod schema) with hostile values
 * mixed in. Whatever the input, the answer is never a 500 and every error has a catalogued code.
 * A fixed number of runs per route keeps it finite.
 */
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { arbitraryFor, hostileString, type JsonSchema, toJson } from "../../test/support/schemaArbitrary.ts";
import { ERRORS } from "../errors.ts";

interface Parameter {
  in: "path" | "query";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

const RUNS_PER_ROUTE = 40;

/** Percent-encodes the UTF-8 bytes of any string, unpaired surrogates included. */
function encode(value: unknown): string {
  const text = typeof value === "string" ? value : toJson(value);
  return [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}

let t: TestApp;
let token: string;
let operations: Operation[] = [];
const knownIds: string[] = [];

beforeAll(async () => {
  t = await testApp();
  const admin = await t.signIn("admin");
  const created = await t.app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: { cookie: admin.cookie },
    payload: { name: "fuzz" },
  });
  token = created.json().token;
  await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my bill doubled" })]);
  const items = await t.core.store.views.workItems(t.workspaceId, { limit: 1 });
  for (const item of items) knownIds.push(item.id, item.conversationId, item.post.id);
  const spec = (await t.app.inject({ url: "/openapi.json" })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
  };
  operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const body = op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined;
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: body?.content?.["application/json"]?.schema ?? null,
      };
    }),
  );
});
afterAll(async () => {
  await t.close();
});

function requestFor(op: Operation) {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const param = (p: Parameter) =>
    p.name === "id" && knownIds.length > 0
      ? fc.oneof(arbitraryFor(p.schema), fc.constantFrom(...knownIds))
      : arbitraryFor(p.schema);
  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, param(p)])));
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, param(p)])), {
    requiredKeys: [],
  });
  const isImport = op.path === "/api/imports";
  const body = isImport
    ? fc.array(
        fc.oneof(
          hostileString,
          fc.jsonValue().map((v) => toJson(v)),
        ),
        { maxLength: 6 },
      )
    : op.body
      ? arbitraryFor(op.body)
      : fc.constant(undefined);
  return fc.record({ path, query, body }).map(({ path: p, query: q, body: b }) => {
    let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(p[name]));
    const search = Object.entries(q).map(([k, v]) => `${k}=${encode(v)}`);
    if (search.length > 0) url += `?${search.join("&")}`;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (isImport) {
      headers["content-type"] = "text/csv";
      return { method: op.method, url, headers, payload: (b as string[]).join("\n") };
    }
    if (b === undefined) return { method: op.method, url, headers };
    headers["content-type"] = "application/json";
    return { method: op.method, url, headers, payload: toJson(b) };
  });
}

describe("every route, fuzzed from its own schema", () => {
  it("publishes the routes it fuzzes", () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it("answers every generated request without a 500, with catalogued error codes", async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (request) => {
          const res = await t.app.inject(request as InjectOptions);
          if (res.statusCode >= 500) {
            throw new Error(`${request.method} ${request.url} answered ${res.statusCode}: ${res.body}`);
          }
          if (res.statusCode >= 400) {
            const code = (res.json() as { error?: { code?: string } }).error?.code;
            expect(Object.keys(ERRORS)).toContain(code);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
  }, 240_000);
});
