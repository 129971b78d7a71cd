/**
 * A CRM's CSV export imported into customers: streamed record by record and written in batches,
 * so memory stays bounded by one batch and the bad-row list's cap whatever the file's size. A bad
 * row is reported with its line, code and message and the rest are kept; a re-import updates the
 * customers holding the same external ids. Within one file the last row for an id wins.
 */
import { readCsv } from "../connectors/import/csv.ts";
import { bindMapping, type Mapping, MappingError, rowToInput } from "../domain/crmMapping.ts";
import type { CustomerFields } from "../domain/customer.ts";
import { CustomerFieldError, customerFields, customerInput } from "../domain/customerInput.ts";
import type { CustomerImportReport } from "../domain/customerViews.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";

const BATCH = 1000;
/** Bad rows listed in a report; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;

export interface CustomerImportOptions {
  mapping: Mapping;
  actorUserId: string | null;
  onProgress?: (report: CustomerImportReport) => void;
}

export function customerImportService(store: Store) {
  return {
    async run(
      workspaceId: string,
      source: AsyncIterable<Uint8Array>,
      options: CustomerImportOptions,
    ): Promise<CustomerImportReport> {
      const report: CustomerImportReport = {
        rows: 0,
        created: 0,
        updated: 0,
        rejected: 0,
        errors: [],
        moreErrors: 0,
        bytesRead: 0,
      };
      const bad = (line: number, code: string, message: string) => {
        report.rejected += 1;
        if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ line, code, message });
        else report.moreErrors += 1;
      };
      let bound: ReturnType<typeof bindMapping> | null = null;
      let batch = new Map<string, CustomerFields>();
      const flush = async () => {
        if (batch.size === 0) return;
        const rows = [...batch.values()];
        batch = new Map();
        const written = await store.transaction((tx) => tx.customers.upsertMany(workspaceId, rows));
        report.created += written.created;
        report.updated += written.updated;
        options.onProgress?.(report);
      };
      for await (const item of readCsv(source)) {
        report.bytesRead = item.end;
        if (!bound) {
          if ("error" in item)
            throw new ParleyError("customer_mapping_invalid", "The header line cannot be read");
          try {
            bound = bindMapping(options.mapping, item.record);
          } catch (err) {
            if (err instanceof MappingError) throw new ParleyError("customer_mapping_invalid", err.message);
            throw err;
          }
          continue;
        }
        report.rows += 1;
        if ("error" in item) {
          bad(item.line, item.error.code, item.error.reason);
          continue;
        }
        const row = rowToInput(bound, item.record);
        if ("code" in row) {
          bad(item.line, row.code, row.message);
          continue;
        }
        const parsed = customerInput.safeParse(row.input);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          bad(item.line, "validation_failed", `${issue.path.join(".")}: ${issue.message}`);
          continue;
        }
        try {
          batch.set(row.input.externalId, customerFields(parsed.data));
        } catch (err) {
          if (!(err instanceof CustomerFieldError)) throw err;
          bad(item.line, "validation_failed", err.message);
          continue;
        }
        if (batch.size >= BATCH) await flush();
      }
      await flush();
      if (!bound)
        throw new ParleyError("customer_mapping_invalid", "The file is empty: it needs a header line");
      await store.audit.record({
        workspaceId,
        actorUserId: options.actorUserId,
        action: "customer.imported",
        subjectType: "workspace",
        subjectId: workspaceId,
        detail: {
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          rejected: report.rejected,
        },
      });
      return report;
    },
  };
}
