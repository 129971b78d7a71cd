/**
 * Response schemas for OpenAPI and serialisation, from zod like the request schemas. Fastify
 * serialises a response with its schema and drops what the schema does not name, so each one
 * describes the whole view.
 */
import { z } from "zod";

/** JSON Schema of what a route sends (zod's output side). */
export function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** Every error: `{ error: { code, message, details? } }` with a code from the catalogue. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const errorResponse = responseSchema(errorBody);

/** The session cookie from POST /api/session, or a bearer API token. */
export const SIGNED_IN: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
/** Routes anyone may call. */
export const PUBLIC: never[] = [];
