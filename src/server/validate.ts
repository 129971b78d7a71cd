/** The validate step of every handler: zod schemas in, catalogue errors out. */
import { z } from "zod";
import { ParleyError } from "../errors.ts";

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
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
