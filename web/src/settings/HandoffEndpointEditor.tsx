import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { HandoffEndpointView } from "../api/types.ts";

/**
 * Where hand-offs go: the external contact center's URL, whether hand-off is on, and whether a
 * private-network address is allowed. The signing secret is shown once, when it is made.
 */
export function HandoffEndpointEditor({ canEdit }: { canEdit: boolean }) {
  const ids = useId();
  const [endpoint, setEndpoint] = useState<HandoffEndpointView | null>(null);
  const [url, setUrl] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const secretRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    api.handoffEndpoint().then(
      (loaded) => {
        setEndpoint(loaded);
        setUrl(loaded.url ?? "");
        setEnabled(loaded.configured ? loaded.enabled : true);
        setAllowPrivate(loaded.allowPrivateNetwork);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  async function save(rotateSecret: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const result = await api.saveHandoffEndpoint({
        url: url.trim(),
        enabled,
        allowPrivateNetwork: allowPrivate,
        ...(rotateSecret ? { rotateSecret } : {}),
      });
      const { secret: made, ...view } = result;
      setEndpoint(view);
      setSaved(true);
      if (made) {
        setSecret(made);
        requestAnimationFrame(() => secretRef.current?.focus());
      }
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(false);
  }

  return (
    <section className="panel handoff-endpoint" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Hand-off to an external contact center
      </h2>
      <p className="field-help">
        Agents can hand an item off to another contact center. Parley posts the item and its thread to this
        address, signed with the secret below; the contact center reports back how it went.
      </p>
      {!canEdit && <p className="muted">Only admins change the hand-off endpoint.</p>}
      <form onSubmit={submit}>
        <fieldset className="settings__group" disabled={!canEdit || endpoint === null}>
          <label className="field" htmlFor={`${ids}-url`}>
            <span>Endpoint URL</span>
          </label>
          <input
            id={`${ids}-url`}
            type="url"
            required
            placeholder="https://contact-center.example/parley"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setSaved(false);
            }}
          />
          <label className="field field--inline">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span>Hand-off enabled</span>
          </label>
          <label className="field field--inline">
            <input
              type="checkbox"
              checked={allowPrivate}
              onChange={(e) => setAllowPrivate(e.target.checked)}
            />
            <span>Allow a private-network address (only for a contact center inside your network)</span>
          </label>
        </fieldset>
        {canEdit && (
          <div className="campaign-form__buttons">
            <button type="submit" className="button button--primary" disabled={busy || url.trim() === ""}>
              Save endpoint
            </button>
            {endpoint?.configured && (
              <button type="button" className="button" disabled={busy} onClick={() => save(true)}>
                Make a new secret
              </button>
            )}
            <span className="muted" aria-live="polite">
              {saved ? "Saved." : ""}
            </span>
          </div>
        )}
      </form>
      {secret && (
        <p ref={secretRef} tabIndex={-1} className="handoff-endpoint__secret">
          Signing secret (shown only now; copy it to the contact center): <code>{secret}</code>
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
