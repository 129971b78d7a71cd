import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { HandoffView, WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";

const STATUS_WORDS: Record<HandoffView["status"], string> = {
  queued: "Handed off, waiting to be delivered",
  delivered: "Delivered to the contact center",
  accepted: "Accepted by the contact center",
  assigned: "Assigned to an agent there",
  handled: "Handled by the contact center",
  rejected: "Rejected by the contact center",
  failed: "Delivery failed",
};

/**
 * Handing the item off to the external contact center (its holder, or a supervisor), and the
 * item's hand-offs with every status they came back with.
 */
export function HandoffPanel({
  item,
  onChanged,
}: {
  item: WorkItemView;
  onChanged(item: WorkItemView): void;
}) {
  const { user } = useSession();
  const ids = useId();
  const [handoffs, setHandoffs] = useState<HandoffView[]>([]);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const toggle = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus goes where the work continues: the history after a hand-off, the button after a cancel.
  const focusLater = (target: { current: HTMLElement | null }) =>
    requestAnimationFrame(() => target.current?.focus());
  const override = user.role === "supervisor" || user.role === "admin";
  const may =
    user.role !== "analyst" &&
    ((item.state === "reserved" && (item.assignee?.id === user.id || override)) ||
      (item.state === "new" && override));

  // Every copy of the item the page receives (a live update, even one that only changed the
  // hand-off) reads the hand-offs again.
  useEffect(() => {
    let current = true;
    void item;
    api.handoffs(item.id).then(
      (page) => current && setHandoffs(page.items),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [item]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || reason.trim() === "") return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.handOff(item.id, reason);
      setHandoffs((list) => [result.handoff, ...list.filter((h) => h.id !== result.handoff.id)]);
      setOpen(false);
      setReason("");
      setAnnouncement("Handed off to the external contact center.");
      onChanged(result.workItem);
      focusLater(heading);
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  if (!may && handoffs.length === 0) return null;
  return (
    <section className="panel handoff" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1} className="panel__title">
        External contact center
      </h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {may && !open && (
        <button
          ref={toggle}
          type="button"
          className="button"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setError(null);
          }}
        >
          Hand off…
        </button>
      )}
      {may && open && (
        <form
          className="handoff__form"
          onSubmit={submit}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              setOpen(false);
              focusLater(toggle);
            }
          }}
        >
          <label className="field" htmlFor={`${ids}-reason`}>
            <span>What should the contact center know?</span>
          </label>
          <textarea
            id={`${ids}-reason`}
            className="handoff__reason"
            rows={3}
            maxLength={2000}
            required
            // biome-ignore lint/a11y/noAutofocus: the form opens on request, so focus belongs in it
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="discard-form__buttons">
            <button type="submit" className="button button--primary" disabled={busy || reason.trim() === ""}>
              Hand off
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setOpen(false);
                focusLater(toggle);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {handoffs.length > 0 && (
        <ol className="handoff__list" aria-label="Hand-off history">
          {handoffs.map((handoff) => (
            <li key={handoff.id} className="handoff__item">
              <p className="handoff__status">
                <strong>{STATUS_WORDS[handoff.status]}</strong>
                {handoff.externalAgent ? ` · ${handoff.externalAgent}` : ""}
              </p>
              {handoff.error && <p className="reply__error">{handoff.error}</p>}
              <ol className="handoff__steps">
                {handoff.history.map((step) => (
                  <li key={`${step.status}-${step.at}`}>
                    <time dateTime={step.at}>{new Date(step.at).toLocaleString()}</time>{" "}
                    {step.status === "queued" ? "Handed off" : STATUS_WORDS[step.status]}
                    {step.status === "queued" && handoff.by?.name ? ` by ${handoff.by.name}` : ""}
                    {step.agent ? ` (${step.agent})` : ""}
                    {step.note ? `: ${step.note}` : ""}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
