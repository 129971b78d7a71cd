import { useEffect, useId, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { TaxonomyView } from "../api/types.ts";
import { topicWords } from "../format/labels.ts";

/**
 * Which starter taxonomy labels topics. Switching changes the topics agents pick from when they
 * correct a post, so it sits with the other workspace-wide settings.
 */
export function TaxonomyPanel({ canEdit }: { canEdit: boolean }) {
  const [taxonomy, setTaxonomy] = useState<TaxonomyView | null>(null);
  const [choice, setChoice] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const ids = useId();

  useEffect(() => {
    api.taxonomy().then(
      (loaded) => {
        setTaxonomy(loaded);
        setChoice(loaded.starter ?? "");
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  async function apply() {
    if (!choice) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const updated = await api.changeTaxonomy({ starter: choice });
      setTaxonomy(updated);
      setSaved(true);
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel taxonomy" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Topic taxonomy
      </h2>
      {taxonomy === null && !error && <p className="muted">Loading…</p>}
      {taxonomy && (
        <>
          <div className="taxonomy__pick">
            <label className="field field--inline">
              <span>Starter</span>
              <select
                value={choice}
                disabled={!canEdit}
                onChange={(event) => {
                  setChoice(event.target.value);
                  setSaved(false);
                }}
              >
                {taxonomy.starter === null && <option value="">None</option>}
                {taxonomy.starters.map((starter) => (
                  <option key={starter} value={starter}>
                    {topicWords(starter)}
                  </option>
                ))}
              </select>
            </label>
            {canEdit && (
              <button
                type="button"
                className="button button--small"
                disabled={busy || !choice || choice === taxonomy.starter}
                onClick={apply}
              >
                Use this taxonomy
              </button>
            )}
            <span className="muted" aria-live="polite">
              {saved ? "Saved." : ""}
            </span>
          </div>
          <p className="taxonomy__topics">
            {taxonomy.topics.length === 0 ? (
              <span className="muted">No topics: posts get no topic label.</span>
            ) : (
              taxonomy.topics.map((topic) => (
                <span key={topic} className="chip" title={topic}>
                  {topicWords(topic)}
                </span>
              ))
            )}
          </p>
          <p className="muted">
            {taxonomy.examples} labelled {taxonomy.examples === 1 ? "example" : "examples"} teach the topic
            model.
          </p>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
