import { type FormEvent, useState } from "react";
import type { DiscardReason } from "../api/types.ts";

const REASONS: { value: DiscardReason; label: string }[] = [
  { value: "irrelevant", label: "Irrelevant: not about the brand" },
  { value: "spam", label: "Spam" },
  { value: "duplicate", label: "Duplicate of another item" },
  { value: "other", label: "Other" },
];

/**
 * Asks why before discarding: "irrelevant" teaches the relevance filter, so no reason is
 * preselected and Discard stays disabled until one is chosen.
 */
export function DiscardForm({
  busy,
  onDiscard,
  onCancel,
}: {
  busy: boolean;
  onDiscard(reason: DiscardReason): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState<DiscardReason | "">("");
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason) onDiscard(reason);
  }
  return (
    <form
      className="discard-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        // Escape closes the form first; only a second Escape leaves the conversation.
        if (event.key === "Escape") {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <label className="field field--inline">
        <span>Reason</span>
        <select
          // biome-ignore lint/a11y/noAutofocus: the form opens on request, so focus belongs in it
          autoFocus
          required
          value={reason}
          onChange={(event) => setReason(event.target.value as DiscardReason | "")}
        >
          <option value="" disabled>
            Choose a reason…
          </option>
          {REASONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <div className="discard-form__buttons">
        <button type="submit" className="button button--danger" disabled={busy || !reason}>
          Discard
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
