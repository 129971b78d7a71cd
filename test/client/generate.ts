/**
 * Types for a client of the API, generated from its OpenAPI document with openapi-typescript.
 * openapi-typescript resolves from this folder's own node_modules, with the TypeScript 5 compiler
 * API it needs (the project itself compiles with TypeScript 7, which has no such API).
 */
import openapiTS, { astToString } from "openapi-typescript";

export async function generateClientTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    // Every declared property is present in answers unless the schema says it is optional.
    defaultNonNullable: true,
  });
  return astToString(ast);
}
