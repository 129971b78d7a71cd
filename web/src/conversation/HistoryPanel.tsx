/**
 * The work item's history beside the conversation: each step (opened, routed, offered, taken,
 * transferred, answered, resolved, reopened…) with who and when, read again whenever the page
 * receives a new copy of the item (its live updates included).
 */
import { useEffect, useId, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { WorkItemView } from "../api/types.ts";
import { fullTimestamp } from "../format/time.ts";
import { historyWords, type ItemHistoryEntry } from "./historyWords.ts";

export function HistoryPanel({ item }: { item: WorkItemView }) {
  const ids = useId();
  const [entries, setEntries] = useState<ItemHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let current = true;
    void item;
    api.workItemHistory(item.id).then(
      (view) => {
        if (!current) return;
        setEntries(view.items);
        setError(null);
      },
      (failure: unknown) => current && setError(plainErrorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [item]);

  // The latest steps are what an agent needs first; the rest opens on request.
  const SHOWN = 6;
  const shown = entries && !open ? entries.slice(-SHOWN) : entries;
  return (
    <section className="panel history" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        History
      </h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {entries && entries.length === 0 && <p className="muted">Nothing has happened to this item yet.</p>}
      {entries && entries.length > SHOWN && (
        <button
          type="button"
          className="button button--small button--quiet"
          aria-expanded={open}
          aria-controls={`${ids}-list`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Show the latest only" : `Show all ${entries.length} steps`}
        </button>
      )}
      {shown && shown.length > 0 && (
        <ol id={`${ids}-list`} className="history__list">
          {shown.map((entry) => (
            <li key={entry.id} className={`history__step history__step--${entry.kind}`}>
              <span className="history__what">{historyWords(entry)}</span>{" "}
              <time className="history__when muted" dateTime={entry.at}>
                {fullTimestamp(entry.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
