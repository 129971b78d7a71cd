/** POST /api/customers/import streams a CRM's CSV export into customers with a column mapping. */
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { MappingError, parseMapping } from "../../domain/crmMapping.ts";
import { customerImportReportView } from "../../domain/customerViews.ts";
import { ParleyError } from "../../errors.ts";
import type { Services } from "../../services/index.ts";
import { ADMINS, caller } from "../auth.ts";
import { describe } from "../routeSchema.ts";
import { parse } from "../validate.ts";

const TYPES = ["text/csv", "text/plain"];
const importQuery = z.object({
  /** field=Column pairs, comma-separated (src/domain/crmMapping.ts). */
  map: z.string().min(1).max(4000),
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

export function customerImportRoutes(app: FastifyInstance, services: Services, maxBytes: number): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      "/api/customers/import",
      {
        schema: {
          ...describe({
            operationId: "importCustomers",
            tags: ["customers"],
            summary:
              "Import a CRM's CSV export: map=field=Column pairs; bad rows are reported, the rest kept; re-import updates by external id",
            querystring: importQuery,
            errors: [413, 415],
            response: { 200: customerImportReportView },
          }),
          consumes: TYPES,
        },
        config: { roles: ADMINS },
      },
      async (request) => {
        const { map } = parse(importQuery, request.query);
        let mapping: ReturnType<typeof parseMapping>;
        try {
          mapping = parseMapping(map);
        } catch (err) {
          if (err instanceof MappingError) throw new ParleyError("customer_mapping_invalid", err.message);
          throw err;
        }
        if (!request.body || typeof (request.body as Readable).pipe !== "function")
          throw new ParleyError("unsupported_media_type", `Send the file as one of: ${TYPES.join(", ")}`);
        const principal = caller(request);
        return services.customerImport.run(
          principal.workspace.id,
          limited(request.body as Readable, maxBytes),
          {
            mapping,
            actorUserId: principal.user.id,
          },
        );
      },
    );
  });
}
