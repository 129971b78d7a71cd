import { useId, useRef, useState } from "react";
import { request } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";

interface ErasureCounts {
  customers: number;
  authors: number;
  posts: number;
  workItems: number;
  conversations: number;
  replies: number;
  links: number;
}

/**
 * An admin's access request and erasure for one customer: the export downloads everything held
 * about them as JSON; the erasure, after a second, explicit step, removes the customer record with
 * every profile confirmed as theirs and all those profiles' posts, work items, replies and links.
 */
export function CustomerErasure({
  customerId,
  name,
  onErased,
}: {
  customerId: string;
  name: string;
  onErased(counts: ErasureCounts): void;
}) {
  const ids = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  async function erase() {
    setBusy(true);
    setError(null);
    try {
      onErased(await request<ErasureCounts>("POST", "/api/privacy/erasures", { customerId }));
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="customer-privacy" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="section-title">
        Privacy
      </h3>
      <div className="row-actions">
        <a
          className="button button--small"
          href={`/api/privacy/export?customerId=${encodeURIComponent(customerId)}`}
          download={`customer-${customerId}.json`}
        >
          Export their data
        </a>
        {!asking && (
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => {
              setAsking(true);
              requestAnimationFrame(() => confirmButton.current?.focus());
            }}
          >
            Erase their data…
          </button>
        )}
      </div>
      {asking && (
        <fieldset className="customer-privacy__confirm">
          <legend>
            Erase {name} for good: the customer record, every profile confirmed as theirs, and those profiles'
            posts, work items, replies, notes and links. This cannot be undone.
          </legend>
          <div className="row-actions">
            <button
              ref={confirmButton}
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={erase}
            >
              Erase for good
            </button>
            <button type="button" className="button button--small" onClick={() => setAsking(false)}>
              Keep
            </button>
          </div>
        </fieldset>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export type { ErasureCounts };
