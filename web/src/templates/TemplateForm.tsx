/** A new template: its name and one text per language. */
import { type FormEvent, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";

interface Row {
  key: number;
  language: string;
  text: string;
}

let nextKey = 1;

export function TemplateForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [rows, setRows] = useState<Row[]>([{ key: nextKey++, language: "en", text: "" }]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createTemplate({ name, versions: rows.map(({ language, text }) => ({ language, text })) });
      setName("");
      setRows([{ key: nextKey++, language: "en", text: "" }]);
      onCreated();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack-form" onSubmit={submit} aria-label="New template">
      <label className="field">
        <span>Name</span>
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      {rows.map((row, i) => (
        <fieldset key={row.key} className="version-row">
          <legend>Version {i + 1}</legend>
          <label className="field field--inline">
            <span>Language</span>
            <input
              value={row.language}
              required
              size={5}
              maxLength={12}
              onChange={(e) => change(row.key, { language: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Text</span>
            <textarea
              rows={3}
              value={row.text}
              required
              maxLength={5000}
              onChange={(e) => change(row.key, { text: e.target.value })}
            />
          </label>
          {rows.length > 1 && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
            >
              Remove version {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <div className="stack-form__actions">
        <button
          type="button"
          className="button"
          onClick={() => setRows((current) => [...current, { key: nextKey++, language: "", text: "" }])}
        >
          Add a language
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Add template
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
