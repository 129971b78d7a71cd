/** The validate step of every handler: zod schemas in, catalogue errors out. */
import { z } from "zod";
import { findUnstorable } from "../domain/storableText.ts";
import { ParleyError } from "../errors.ts";

/**
 * Every string a request carries is checked for what no store keeps (NUL, an unpaired
 * surrogate) before the schema, and so is the nesting: both are the caller's fault, not a 500.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const unstorable = findUnstorable(value);
  if (unstorable) {
    const details = [{ path: unstorable.path, message: `The value ${unstorable.reason}` }];
    throw new ParleyError(unstorable.nesting ? "validation_failed" : "invalid_encoding", undefined, details);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ParleyError(
      "validation_failed",
      undefined,
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}

/** JSON Schema for OpenAPI, from the same zod schema the handler validates with. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

export const uuidParam = z.object({ id: z.uuid() });
