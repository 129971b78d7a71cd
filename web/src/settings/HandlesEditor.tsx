import { PLATFORM_CHOICES, platformName } from "../format/labels.ts";
import type { HandleRow } from "./handleRows.ts";

/** The brand's accounts, one row each: a handle on every platform, or on one. */
export function HandlesEditor({
  rows,
  onChange,
  disabled = false,
  idPrefix,
}: {
  rows: HandleRow[];
  onChange(rows: HandleRow[]): void;
  disabled?: boolean;
  idPrefix: string;
}) {
  const set = (index: number, patch: Partial<HandleRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="handles" disabled={disabled}>
      <legend>The brand's accounts</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="handles__row" key={index}>
          <select
            aria-label={`Platform of account ${index + 1}`}
            value={row.platform}
            onChange={(e) => set(index, { platform: e.target.value })}
          >
            <option value="">Every platform</option>
            {PLATFORM_CHOICES.map((platform) => (
              <option key={platform} value={platform}>
                {platformName(platform)}
              </option>
            ))}
          </select>
          <input
            id={`${idPrefix}-handle-${index}`}
            aria-label={`Handle of account ${index + 1}`}
            placeholder="@handle"
            value={row.handle}
            spellCheck={false}
            onChange={(e) => set(index, { handle: e.target.value })}
          />
          <button
            type="button"
            className="button button--quiet button--small"
            aria-label={`Remove account ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => onChange([...rows, { platform: "", handle: "" }])}
      >
        Add an account
      </button>
    </fieldset>
  );
}
