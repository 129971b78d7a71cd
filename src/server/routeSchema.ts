/**
 * How a route describes itself to OpenAPI and to the response check of the tests: its inputs as
 * the zod schemas the handler parses with, its answers as zod schemas of what it sends, its errors
 * by status (each the catalogue's body), its operationId and whether it is public.
 */
import type { FastifySchema } from "fastify";
import { z } from "zod";
import { ERRORS, type ErrorCode } from "../errors.ts";
import { jsonSchema } from "./validate.ts";

/** The id of the shared error body in the OpenAPI document's components. */
export const ERROR_SCHEMA_ID = "Error";

export const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** The shared error schema, registered once on the app (`app.addSchema`). */
export function errorSchema(): Record<string, unknown> {
  return {
    $id: ERROR_SCHEMA_ID,
    description: "An error from the catalogue: branch on `code`, never on `message`.",
    ...responseJsonSchema(errorBody),
  };
}

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "The request is not valid",
  401: "No or wrong credentials",
  403: "The role, or the origin, does not allow this",
  404: "Not found",
  409: "Conflicts with the current state",
  410: "Gone: used already, or expired",
  413: "The body is too large",
  415: "Unsupported content type",
  429: "Too many requests; `retry-after` says how long to wait",
  500: "A fault on Parley's side",
  503: "Not ready yet",
};

/** The codes of the catalogue a status carries, for the error's description. */
function codesOf(status: number): string {
  return Object.entries(ERRORS)
    .filter(([, e]) => e.status === status)
    .map(([code]) => `\`${code}\``)
    .join(", ");
}

export interface RouteDoc {
  /** Unique, camelCase: the generated client's method name. */
  operationId: string;
  summary: string;
  tags: string[];
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /**
   * Answers by status other than catalogue errors: a schema of the JSON body, or null when there
   * is no body.
   */
  response: Partial<Record<200 | 201 | 202 | 204 | 302 | 503, z.ZodType | null>>;
  /** Error statuses beyond those every route of its kind can give (see `describe`). */
  errors?: ErrorStatus[];
  /** Answers without credentials (`security: []`). Otherwise the session cookie or a bearer token. */
  public?: boolean;
  /** Left out of /openapi.json. */
  hide?: boolean;
  /** The successful answers' media type when it is not JSON (the body then is text). */
  contentType?: string;
}

/** JSON Schema of what a route sends: the zod schema's output, undeclared properties refused. */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * The Fastify schema of a route. Errors every route can give are added here: 500 always; 401 and
 * 403 for signed-in routes; 400 for any input; 413 and 415 for a body; 404 for a path id.
 */
export function describe(doc: RouteDoc): FastifySchema {
  const errors = new Set<ErrorStatus>([500, ...(doc.errors ?? [])]);
  if (!doc.public) for (const s of [401, 403] as const) errors.add(s);
  if (doc.params || doc.querystring || doc.body) errors.add(400);
  if (doc.body) for (const s of [413, 415] as const) errors.add(s);
  if (doc.params) errors.add(404);

  const response: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(doc.response)) {
    response[status] =
      schema === null || schema === undefined
        ? { description: status === "302" ? "A redirect" : "No content", type: "null" }
        : doc.contentType
          ? { description: "Success", content: { [doc.contentType]: { schema: responseJsonSchema(schema) } } }
          : { description: status === "503" ? "Not ready yet" : "Success", ...responseJsonSchema(schema) };
  }
  for (const status of [...errors].sort()) {
    const codes = codesOf(status);
    response[status] = {
      description: `${ERROR_DESCRIPTIONS[status]}${codes ? ` (${codes})` : ""}`,
      $ref: `${ERROR_SCHEMA_ID}#`,
    };
  }
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    tags: doc.tags,
    ...(doc.hide ? { hide: true } : {}),
    ...(doc.public ? { security: [] } : {}),
    ...(doc.params ? { params: jsonSchema(doc.params) } : {}),
    ...(doc.querystring ? { querystring: jsonSchema(doc.querystring) } : {}),
    ...(doc.body ? { body: jsonSchema(doc.body) } : {}),
    response,
  };
}
