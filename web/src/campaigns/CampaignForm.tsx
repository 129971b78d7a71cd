import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { CampaignInput, CampaignView } from "../api/types.ts";
import { parseHandles, parseLanguages } from "./listInput.ts";
import { QueryProblem } from "./QueryProblem.tsx";
import { positionFrom } from "./queryCaret.ts";

type Problem =
  | { kind: "query"; query: string; position: number | null; message: string }
  | { kind: "form"; message: string };

/*
 * Labels point at their fields with htmlFor rather than wrapping them: a
 * wrapping label folds the field's value into its accessible name, so "Query" became "Query outage…".
 */

/** Create or edit a campaign. The server parses the query; this shows where it stopped making sense. */
export function CampaignForm({
  campaign,
  onSave,
  onCancel,
}: {
  campaign: CampaignView | null;
  onSave(input: CampaignInput): Promise<void>;
  onCancel(): void;
}) {
  const [name, setName] = useState(campaign?.name ?? "");
  const [query, setQuery] = useState(campaign?.query ?? "");
  const [languages, setLanguages] = useState(campaign?.languages.join(", ") ?? "");
  const [vips, setVips] = useState(campaign?.vipAuthors.join(", ") ?? "");
  const [excluded, setExcluded] = useState(campaign?.excludeAuthors.join(", ") ?? "");
  const [enabled, setEnabled] = useState(campaign?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const queryField = useRef<HTMLTextAreaElement>(null);
  const ids = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = parseLanguages(languages);
    if (parsed.invalid.length > 0) {
      setProblem({
        kind: "form",
        message: `Languages are two-letter codes such as "en"; not ${parsed.invalid.join(", ")}.`,
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onSave({
        name: name.trim(),
        query,
        languages: parsed.languages,
        vipAuthors: parseHandles(vips),
        excludeAuthors: parseHandles(excluded),
        enabled,
      });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "invalid_query") {
        const position = positionFrom(failure.details);
        setProblem({ kind: "query", query, position, message: failure.message });
        // Put the text cursor where the problem is, so fixing it is one keystroke away.
        queryField.current?.focus();
        if (position !== null) queryField.current?.setSelectionRange(position, position);
      } else {
        setProblem({ kind: "form", message: plainErrorMessage(failure) });
      }
    } finally {
      setBusy(false);
    }
  }

  const queryProblem = problem?.kind === "query" ? problem : null;
  return (
    <form
      className="campaign-form panel"
      aria-labelledby={`${ids}-title`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <h2 id={`${ids}-title`} className="panel__title">
        {campaign ? `Edit ${campaign.name}` : "New campaign"}
      </h2>
      <div className="field">
        <label htmlFor={`${ids}-name`}>Name</label>
        <input
          id={`${ids}-name`}
          // biome-ignore lint/a11y/noAutofocus: the form opens on request, so focus belongs in it
          autoFocus
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-query`}>Query</label>
        <textarea
          id={`${ids}-query`}
          ref={queryField}
          className="campaign-form__query"
          required
          rows={3}
          spellCheck={false}
          value={query}
          aria-invalid={queryProblem ? true : undefined}
          aria-describedby={queryProblem ? `${ids}-query-problem` : `${ids}-query-help`}
          onChange={(e) => {
            setQuery(e.target.value);
            // The caret points into the text as it was; once edited it would point at the wrong place.
            if (queryProblem) setProblem(null);
          }}
        />
      </div>
      {queryProblem ? (
        <QueryProblem id={`${ids}-query-problem`} {...queryProblem} />
      ) : (
        <p id={`${ids}-query-help`} className="field-help">
          Words, "phrases", #hashtags and @handles with AND, OR, NOT or -word, and (brackets). Operators in
          capitals; word* matches a prefix.
        </p>
      )}
      <div className="campaign-form__row">
        <div className="field">
          <label htmlFor={`${ids}-languages`}>Languages</label>
          <input
            id={`${ids}-languages`}
            value={languages}
            placeholder="any"
            onChange={(e) => setLanguages(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-vips`}>VIP authors</label>
          <input
            id={`${ids}-vips`}
            value={vips}
            placeholder="@handle, …"
            onChange={(e) => setVips(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-excluded`}>Excluded authors</label>
          <input
            id={`${ids}-excluded`}
            value={excluded}
            placeholder="@handle, …"
            onChange={(e) => setExcluded(e.target.value)}
          />
        </div>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled: match new posts against this campaign
      </label>
      {problem?.kind === "form" && (
        <p className="form-error" role="alert">
          {problem.message}
        </p>
      )}
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {campaign ? "Save campaign" : "Create campaign"}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
