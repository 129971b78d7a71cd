/**
 * Export rows as CSV or JSON lines. CSV cells that a spreadsheet would read as a formula (those
 * starting with =, +, -, @, a tab or a carriage return) get a leading apostrophe, so an exported
 * post can never run as one. JSON lines carry the values as they are: no spreadsheet reads them.
 */

export type ExportFormat = "csv" | "jsonl";
/** What the workspace's data export offers, each as CSV and JSON lines. */
export const EXPORT_KINDS = ["posts", "conversations", "alerts", "alert-rules"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type Cell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as a spreadsheet-safe, quoted-when-needed CSV cell. */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The text of one row (with its line end) in the format; the header only for CSV. */
export function exportLine(format: ExportFormat, columns: readonly string[], row: readonly Cell[]): string {
  if (format === "csv") return csvLine(row);
  const object: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    object[c] = row[i] ?? null;
  });
  return `${JSON.stringify(object)}\n`;
}

export function exportHeader(format: ExportFormat, columns: readonly string[]): string {
  return format === "csv" ? csvLine(columns) : "";
}
