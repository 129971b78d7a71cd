import type { Competitor } from "../api/types.ts";
import { parseHandles } from "../campaigns/listInput.ts";

export interface CompetitorRow {
  name: string;
  handles: string;
}

export const competitorRows = (competitors: Competitor[]): CompetitorRow[] =>
  competitors.map((c) => ({ name: c.name, handles: c.handles.map((h) => `@${h}`).join(", ") }));

export const competitorsFrom = (rows: CompetitorRow[]): Competitor[] =>
  rows
    .map((row) => ({ name: row.name.trim(), handles: parseHandles(row.handles) }))
    .filter((c) => c.name || c.handles.length > 0);

/** Competitors by name and handles: posts naming them go to the Competitors campaign. */
export function CompetitorsEditor({
  rows,
  onChange,
  disabled,
}: {
  rows: CompetitorRow[];
  onChange(rows: CompetitorRow[]): void;
  disabled: boolean;
}) {
  const set = (index: number, patch: Partial<CompetitorRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="handles" disabled={disabled}>
      <legend>Competitors</legend>
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="handles__row" key={index}>
          <input
            aria-label={`Name of competitor ${index + 1}`}
            placeholder="Name"
            value={row.name}
            onChange={(e) => set(index, { name: e.target.value })}
          />
          <input
            aria-label={`Handles of competitor ${index + 1}`}
            placeholder="@handle, …"
            value={row.handles}
            spellCheck={false}
            onChange={(e) => set(index, { handles: e.target.value })}
          />
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={`Remove competitor ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => onChange([...rows, { name: "", handles: "" }])}
      >
        Add a competitor
      </button>
    </fieldset>
  );
}
