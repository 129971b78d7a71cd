import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { AuditEntryView, AuditFilter } from "../api/types.ts";
import { fullTimestamp } from "../format/time.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { actionWords, detailLine } from "./auditWords.ts";

const ENTITIES = ["", "campaign", "user", "api_token", "work_item", "post", "workspace"];

/** A date picker's day as the API's time: the start of that day, or its end for "to". */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  return new Date(`${day}T${end ? "23:59:59.999" : "00:00:00.000"}`).toISOString();
}

/**
 * Who did what, newest first, for admins. An entry's detail is whatever the action recorded
 * (campaign queries, names): React renders it as text, never as markup.
 */
export function AuditPage() {
  const [draft, setDraft] = useState({ action: "", entity: "", from: "", to: "" });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const { error, setError, fail } = usePageError();

  useEffect(() => {
    document.title = "Audit log · Parley";
    let current = true;
    setError(null);
    setEntries(null);
    api.audit(filter, null).then(
      (page) => {
        if (!current) return;
        setEntries(page.items);
        setCursor(page.nextCursor);
      },
      (failure: unknown) => current && fail(failure),
    );
    return () => {
      current = false;
    };
  }, [filter, fail, setError]);

  const more = () => {
    if (!cursor) return;
    api.audit(filter, cursor).then((page) => {
      setEntries((shown) => [...(shown ?? []), ...page.items]);
      setCursor(page.nextCursor);
    }, fail);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({
      action: draft.action.trim() || undefined,
      entity: draft.entity || undefined,
      from: dayBound(draft.from, false),
      to: dayBound(draft.to, true),
    });
  };

  return (
    <main className="admin-page" aria-labelledby="audit-title">
      <header className="page-header">
        <h1 id="audit-title">Audit log</h1>
        {entries && (
          <span className="page-header__meta">
            {entries.length}
            {cursor ? "+" : ""} {entries.length === 1 && !cursor ? "entry" : "entries"}
          </span>
        )}
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <form className="audit-filters" onSubmit={apply} aria-label="Filter the audit log">
          <label className="field">
            <span>Action</span>
            <input
              value={draft.action}
              placeholder="user.role_change"
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Entity</span>
            <select value={draft.entity} onChange={(e) => setDraft({ ...draft, entity: e.target.value })}>
              {ENTITIES.map((entity) => (
                <option key={entity} value={entity}>
                  {entity === "" ? "Any" : entity.replace("_", " ")}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>From</span>
            <input
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label className="field">
            <span>To</span>
            <input
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" className="button">
            Filter
          </button>
        </form>
        {entries === null && !error && <p className="muted">Loading…</p>}
        {entries && entries.length === 0 && <p className="empty">Nothing recorded for these filters.</p>}
        {entries && entries.length > 0 && (
          <table className="data-table audit">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Entity</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="audit__when">{fullTimestamp(entry.at)}</td>
                  <td>
                    {entry.actor ? (
                      <span title={entry.actor.email ?? undefined}>{entry.actor.name ?? "Removed user"}</span>
                    ) : (
                      <span className="muted">Parley</span>
                    )}
                  </td>
                  <td title={entry.action}>{actionWords(entry.action)}</td>
                  <td className="audit__entity">
                    {entry.entity.type.replace("_", " ")}{" "}
                    {/* Time-ordered ids share their first digits: the last ones tell entries apart. */}
                    <code title={entry.entity.id}>…{entry.entity.id.slice(-8)}</code>
                  </td>
                  <td className="audit__detail">{detailLine(entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <button type="button" className="button button--quiet" onClick={more}>
            Show older entries
          </button>
        )}
      </div>
    </main>
  );
}
