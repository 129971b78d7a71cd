/**
 * How a CRM's CSV export maps onto customers: which column holds which field. A mapping is written
 * `field=Column` pairs (`externalId=Customer ID,emails=E-mail,handle:x=Twitter`); fields are
 * externalId, name, emails, phones, orders, location, tier, language, handle:<platform>,
 * consent:publicReply|privateContact|survey and custom:<name>. Cells holding several values
 * separate them with ";" or "|". Pure.
 */
import { TIERS, type Tier } from "./customer.ts";
import type { CustomerInput } from "./customerInput.ts";

const SIMPLE = ["externalId", "name", "emails", "phones", "orders", "location", "tier", "language"] as const;
const CONSENTS = ["publicReply", "privateContact", "survey"] as const;

export type MappedField =
  | { kind: (typeof SIMPLE)[number] }
  | { kind: "handle"; platform: string }
  | { kind: "consent"; purpose: (typeof CONSENTS)[number] }
  | { kind: "custom"; name: string };

/** Field → column name, as given. */
export type Mapping = { field: MappedField; column: string }[];

export class MappingError extends Error {}

function fieldOf(name: string): MappedField {
  if ((SIMPLE as readonly string[]).includes(name)) return { kind: name as (typeof SIMPLE)[number] };
  const [prefix, rest] = [name.slice(0, name.indexOf(":")), name.slice(name.indexOf(":") + 1)];
  if (prefix === "handle" && /^[a-z][a-z0-9_-]{0,39}$/.test(rest)) return { kind: "handle", platform: rest };
  if (prefix === "consent" && (CONSENTS as readonly string[]).includes(rest))
    return { kind: "consent", purpose: rest as (typeof CONSENTS)[number] };
  if (prefix === "custom" && rest.trim()) return { kind: "custom", name: rest.trim() };
  throw new MappingError(
    `Unknown field "${name}": use ${SIMPLE.join(", ")}, handle:<platform>, consent:${CONSENTS.join("|")} or custom:<name>`,
  );
}

export function parseMapping(spec: string): Mapping {
  const out: Mapping = [];
  for (const pair of spec.split(",")) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf("=");
    if (eq < 1) throw new MappingError(`"${pair.trim()}" is not field=Column`);
    out.push({ field: fieldOf(pair.slice(0, eq).trim()), column: pair.slice(eq + 1).trim() });
  }
  if (!out.some((m) => m.field.kind === "externalId"))
    throw new MappingError(
      "Map the CRM's id: externalId=<column>, so a re-import updates instead of duplicating",
    );
  return out;
}

/** Column positions of a mapping in a header; throws naming the columns the file lacks. */
export function bindMapping(mapping: Mapping, header: string[]): { field: MappedField; index: number }[] {
  const positions = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const missing = mapping.filter((m) => !positions.has(m.column.toLowerCase())).map((m) => m.column);
  if (missing.length)
    throw new MappingError(`The file has no column ${missing.map((c) => `"${c}"`).join(", ")}`);
  return mapping.map((m) => ({ field: m.field, index: positions.get(m.column.toLowerCase())! }));
}

const YES = new Set(["yes", "y", "true", "1", "opt-in", "optin", "granted"]);
const NO = new Set(["no", "n", "false", "0", "opt-out", "optout", "declined"]);
const many = (cell: string) =>
  cell
    .split(/[;|]/)
    .map((v) => v.trim())
    .filter(Boolean);

export type RowResult = { input: CustomerInput & { externalId: string } } | { code: string; message: string };

/** One record as the customer it describes, or the reason it cannot be one. */
export function rowToInput(bound: { field: MappedField; index: number }[], record: string[]): RowResult {
  const input: CustomerInput = {};
  const handles: Record<string, string[]> = {};
  const consent: Record<string, boolean> = {};
  const custom: Record<string, string> = {};
  for (const { field, index } of bound) {
    const cell = (record[index] ?? "").trim();
    switch (field.kind) {
      case "externalId":
      case "name":
      case "location":
        if (cell) input[field.kind] = cell;
        break;
      case "language":
        if (cell) input.language = cell.toLowerCase();
        break;
      case "emails":
      case "phones":
      case "orders":
        input[field.kind] = [...(input[field.kind] ?? []), ...many(cell)];
        break;
      case "tier": {
        if (!cell) break;
        const tier = cell.toLowerCase();
        if (!(TIERS as readonly string[]).includes(tier))
          return { code: "validation_failed", message: `tier: "${cell}" is not one of ${TIERS.join(", ")}` };
        input.tier = tier as Tier;
        break;
      }
      case "handle":
        handles[field.platform] = [...(handles[field.platform] ?? []), ...many(cell)];
        break;
      case "consent": {
        if (!cell) break;
        const v = cell.toLowerCase();
        if (!YES.has(v) && !NO.has(v))
          return {
            code: "validation_failed",
            message: `consent:${field.purpose}: "${cell}" is neither yes nor no`,
          };
        consent[field.purpose] = YES.has(v);
        break;
      }
      case "custom":
        if (cell) custom[field.name] = cell;
        break;
    }
  }
  if (!input.externalId)
    return { code: "customer_external_id_missing", message: "The row has no external id" };
  if (Object.keys(handles).length) input.handles = handles;
  if (Object.keys(consent).length) input.consent = consent;
  if (Object.keys(custom).length) input.customFields = custom;
  return { input: input as CustomerInput & { externalId: string } };
}
