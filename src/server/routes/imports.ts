/**
 * POST /api/imports streams the request body (CSV, twcs CSV or JSON lines) through the importer,
 * so a large export never sits in memory whole.
 */
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IMPORT_ENCODINGS } from "../../connectors/import/encoding.ts";
import { ParleyError } from "../../errors.ts";
import type { ImportReport } from "../../services/imports.ts";
import type { Services } from "../../services/index.ts";
import { caller, MANAGERS } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const STREAMED_TYPES = [
  "text/csv",
  "application/x-ndjson",
  "application/jsonl",
  "application/x-jsonlines",
  "text/plain",
];
const importReport = z.object({
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
  bytesRead: z.number().int(),
}) satisfies z.ZodType<ImportReport>;
const importQuery = z.object({
  format: z.enum(["auto", "twcs", "csv", "jsonl"]).default("auto"),
  encoding: z.enum(IMPORT_ENCODINGS).default("auto"),
});

async function* limited(body: Readable, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes)
      throw new ParleyError("payload_too_large", `Imports over ${maxBytes} bytes go through the CLI`);
    yield chunk as Buffer;
  }
}

export function importRoutes(app: FastifyInstance, services: Services, maxBytes: number): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(STREAMED_TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      "/api/imports",
      {
        schema: {
          ...describe({
            operationId: "importPosts",
            tags: ["imports"],
            summary: "Import posts from a CSV, twcs CSV or JSON lines body",
            querystring: importQuery,
            // The body is the file, streamed: any of the types below, not JSON.
            errors: [413, 415],
            response: { 200: importReport },
          }),
          consumes: STREAMED_TYPES,
        },
        config: { roles: MANAGERS },
      },
      async (request) => {
        const { format, encoding } = parse(importQuery, request.query);
        if (!request.body || typeof (request.body as Readable).pipe !== "function") {
          throw new ParleyError(
            "unsupported_media_type",
            `Send the file as one of: ${STREAMED_TYPES.join(", ")}`,
          );
        }
        return services.imports.run(
          caller(request).workspace.id,
          limited(request.body as Readable, maxBytes),
          { format, encoding },
        );
      },
    );
  });
}
