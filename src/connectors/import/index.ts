export { type CsvItem, parseCsvRecord, readCsv } from "./csv.ts";
export type { LineError } from "./decode.ts";
export { csvRowToDraft, jsonToDraft, UNKNOWN_AUTHOR } from "./generic.ts";
export {
  detectFormat,
  type ImportFormat,
  type ImportItem,
  type ImportOptions,
  importRecords,
} from "./importRecords.ts";
export { type JsonlItem, readJsonl } from "./jsonl.ts";
export { ThreadIndex, twcsRowToDraft } from "./twcs.ts";
