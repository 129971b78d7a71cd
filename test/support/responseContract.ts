/**
 * Checks every answer an app gives against the route's declared responses: the status must be
 * declared, and the body must validate against its schema (undeclared properties included).
 * The HTTP suites' in-process app installs it, so a route whose schema lags behind what it sends
 * fails the test that made the request.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isApiPath } from "../../src/server/app.ts";
import { ERROR_SCHEMA_ID } from "../../src/server/routeSchema.ts";

export interface Violation {
  method: string;
  url: string;
  status: number;
  problem: string;
}

type Schema = Record<string, unknown>;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

function declaredFor(responses: Record<string, Schema>, status: number): Schema | undefined {
  return responses[String(status)] ?? responses[`${Math.floor(status / 100)}xx`] ?? responses.default;
}

/** The schema of the body for the answer's media type; null when the answer has no body. */
function bodySchema(declared: Schema, contentType: string): Schema | null {
  const content = declared.content as Record<string, { schema: Schema }> | undefined;
  if (content) {
    const match = Object.entries(content).find(([type]) => contentType.startsWith(type));
    return match ? match[1].schema : { not: {} };
  }
  return declared.type === "null" ? null : declared;
}

function payloadText(payload: unknown): string | undefined {
  if (payload === null || payload === undefined) return "";
  if (typeof payload === "string") return payload;
  if (Buffer.isBuffer(payload)) return payload.toString("utf8");
  return undefined; // a stream: a file sent as it is
}

export function checkResponses(app: FastifyInstance, report: (v: Violation) => void): void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  let sharedAdded = false;
  const compiled = new WeakMap<Schema, ValidateFunction>();
  const compile = (schema: Schema) => {
    if (!sharedAdded) {
      for (const shared of Object.values(app.getSchemas()) as Schema[]) ajv.addSchema(shared);
      sharedAdded = true;
    }
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate;
  };
  const notFound: Record<string, Schema> = { 404: { $ref: `${ERROR_SCHEMA_ID}#` } };

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    const fail = (problem: string) => report({ method: request.method, url: request.url, status, problem });
    const routed = request.routeOptions.url !== undefined;
    const declaresAnswers = request.routeOptions.schema?.response !== undefined;
    // The web app's files and its page for client-side paths are not the API.
    if (!declaresAnswers && !isApiPath(request.url) && !(status === 404 && !routed)) return payload;
    const responses = routed
      ? (request.routeOptions.schema?.response as Record<string, Schema> | undefined)
      : notFound;
    if (!responses) {
      fail("the route declares no responses");
      return payload;
    }
    const declared = declaredFor(responses, status);
    if (!declared) {
      fail(`status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`);
      return payload;
    }
    const text = payloadText(payload);
    // A compressed or streamed body is checked only for its status.
    if (text === undefined || reply.getHeader("content-encoding")) return payload;
    const contentType = String(reply.getHeader("content-type") ?? "");
    const schema = bodySchema(declared, contentType);
    if (schema === null) {
      if (text !== "") fail(`a body was sent where none is declared: ${text.slice(0, 200)}`);
      return payload;
    }
    let body: unknown = text;
    if (contentType.startsWith("application/json")) {
      try {
        body = JSON.parse(text);
      } catch {
        fail(`the body is not JSON: ${text.slice(0, 200)}`);
        return payload;
      }
    }
    const validate = compile(schema);
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
      fail(`the body does not match the schema: ${errors.join("; ")}`);
    }
    return payload;
  });
}
