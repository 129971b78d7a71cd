import { type FormEvent, useState } from "react";
import type { DiscardReason } from "../api/types.ts";

const REASONS: { value: DiscardReason; label: string }[] = [
  { value: "irrelevant", label: "Irrelevant: not about the brand" },
  { value: "spam", label: "Spam" },
  { value: "duplicate", label: "Duplicate of another item" },
  { value: "other", label: "Other" },
];

/** Asks why before discarding: "irrelevant" teaches the relevance filter, so the reason matters. */
export function DiscardForm({
  busy,
  onDiscard,
  onCancel,
}: {
  busy: boolean;
  onDiscard(reason: DiscardReason): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState<DiscardReason>("irrelevant");
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onDiscard(reason);
  }
  return (
    <form className="discard-form" onSubmit={submit}>
      <label className="field field--inline">
        <span>Reason</span>
        {/* biome-ignore lint/a11y/noAutofocus: the form opens on request, so focus belongs in it */}
        <select autoFocus value={reason} onChange={(event) => setReason(event.target.value as DiscardReason)}>
          {REASONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <div className="discard-form__buttons">
        <button type="submit" className="button button--danger" disabled={busy}>
          Discard
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
