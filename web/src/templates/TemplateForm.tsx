/**
 * A template's name and one text per language, new or changed, each version with its preview:
 * the text as a customer would read it, filled with example values (or what stops it).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import type { TemplateView } from "../api/engagementTypes.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { preview, type TemplateVariable } from "./templateWords.ts";

interface Row {
  key: number;
  language: string;
  text: string;
}

let nextKey = 1;

const freshRows = (): Row[] => [{ key: nextKey++, language: "en", text: "" }];

export function TemplateForm({
  template,
  examples,
  onSaved,
  onCancel,
}: {
  /** The template being changed; none for a new one. */
  template: TemplateView | null;
  /** The values the previews fill in. */
  examples: Record<TemplateVariable, string>;
  onSaved(saved: TemplateView): void;
  onCancel?(): void;
}) {
  const ids = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(template?.name ?? "");
  const [rows, setRows] = useState<Row[]>(() =>
    template ? template.versions.map((v) => ({ key: nextKey++, ...v })) : freshRows(),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = template !== null;

  // A template opened for a change takes the focus at its name (the form is drawn anew per template).
  useEffect(() => {
    if (editing) formRef.current?.querySelector("input")?.focus();
  }, [editing]);

  const change = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const input = { name, versions: rows.map(({ language, text }) => ({ language, text })) };
    try {
      const saved = template ? await api.updateTemplate(template.id, input) : await api.createTemplate(input);
      if (!template) {
        setName("");
        setRows(freshRows());
      }
      onSaved(saved);
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const title = template ? `Change template ${template.name}` : "New template";
  return (
    <form ref={formRef} className="stack-form" onSubmit={submit} aria-label={title}>
      <h3 className="panel__title">{title}</h3>
      <label className="field">
        <span>Name</span>
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      {rows.map((row, i) => {
        const shown = preview(row.text, examples);
        const previewId = `${ids}-preview-${row.key}`;
        return (
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
                aria-describedby={previewId}
                aria-invalid={"problem" in shown && row.text.trim() !== "" ? true : undefined}
                onChange={(e) => change(row.key, { text: e.target.value })}
              />
            </label>
            <div id={previewId} className="template-preview">
              <span className="template-preview__label">
                Preview{i === 0 ? " (with example values)" : ""}:{" "}
              </span>
              {"problem" in shown ? (
                <span className="field-problem">{shown.problem}</span>
              ) : (
                <span className="template-text">{shown.text}</span>
              )}
            </div>
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
        );
      })}
      <div className="stack-form__actions">
        <button
          type="button"
          className="button"
          onClick={() => setRows((current) => [...current, { key: nextKey++, language: "", text: "" }])}
        >
          Add a language
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {template ? "Save template" : "Add template"}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
