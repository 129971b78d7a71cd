import { type FormEvent, useEffect, useRef, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CorrectionView } from "../api/types.ts";
import { fullTimestamp } from "../format/time.ts";
import { LabelRow } from "./LabelRow.tsx";

export interface LabelOption {
  value: string;
  label: string;
}

/**
 * A label an agent may correct. The corrected value leads; the model's own label stays visible,
 * struck, because the team needs to see what the model got wrong to trust what it learns.
 */
export function CorrectableRow({
  name,
  model,
  modelWords,
  corrected,
  correction,
  options,
  confidence,
  explanation,
  canCorrect,
  onSave,
}: {
  name: string;
  /** The model's raw label, or null when it had none (a topic outside the taxonomy). */
  model: string | null;
  modelWords: string;
  corrected: string | undefined;
  correction: CorrectionView | null;
  options: LabelOption[];
  confidence: number | null;
  explanation: string;
  canCorrect: boolean;
  onSave(value: string): Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = corrected ?? model ?? "";
  const [draft, setDraft] = useState(current);
  const correctButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Closing the editor hands focus back to its button, so the keyboard does not fall to the page top.
  useEffect(() => {
    if (wasEditing.current && !editing) correctButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const wordsFor = (value: string) => options.find((option) => option.value === value)?.label ?? value;
  // The current value stays choosable even if the taxonomy no longer lists it.
  const choices =
    current && !options.some((o) => o.value === current)
      ? [...options, { value: current, label: current }]
      : options;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft || draft === current || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(draft);
      setEditing(false);
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  // An agent may set a label back to what the model said: that is a confirmation, nothing to strike.
  const overrides = corrected !== undefined && corrected !== model;
  const value =
    corrected !== undefined && overrides ? (
      <>
        <strong>{wordsFor(corrected)}</strong>{" "}
        <span className="label-row__model">
          <span className="visually-hidden">, the model said </span>
          <s>{modelWords}</s>
        </span>
      </>
    ) : (
      <strong>{modelWords}</strong>
    );

  const action =
    canCorrect && !editing ? (
      <button
        ref={correctButton}
        type="button"
        className="button button--link label-row__correct"
        aria-label={`Correct ${name.toLowerCase()}`}
        onClick={() => {
          setDraft(current);
          setError(null);
          setEditing(true);
        }}
      >
        Correct
      </button>
    ) : null;

  return (
    <LabelRow name={name} value={value} confidence={confidence} explanation={explanation} action={action}>
      {corrected !== undefined && correction && (
        <div className="label-row__corrected" title={fullTimestamp(correction.at)}>
          {overrides ? "corrected" : "confirmed"} by {correction.by.name}
        </div>
      )}
      {editing && (
        <form
          className="correct-form"
          onSubmit={submit}
          onKeyDown={(event) => {
            // Escape closes the editor first; only a second Escape leaves the conversation.
            if (event.key === "Escape") {
              event.stopPropagation();
              setEditing(false);
            }
          }}
        >
          <select
            // biome-ignore lint/a11y/noAutofocus: the editor opens on request, so focus belongs in it
            autoFocus
            aria-label={`Correct ${name.toLowerCase()}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          >
            {current === "" && <option value="">None</option>}
            {choices.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="button button--primary button--small"
            disabled={busy || !draft || draft === current}
          >
            Save
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => setEditing(false)}
          >
            Cancel
          </button>
          {error && (
            <p className="form-error correct-form__error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </LabelRow>
  );
}
