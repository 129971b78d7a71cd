import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { IncidentDetailView, IncidentItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { fullTimestamp } from "../format/time.ts";
import { conversationHref, INCIDENTS_HREF } from "../router.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { countsLine, stateWords } from "./incidentWords.ts";

/** How often the page reads the incident again while its answer is being written. */
const ANSWERING_POLL_MS = 1500;

const OUTCOME_WORDS = {
  replied: "Answered",
  skipped: "Closed before the answer",
  failed: "Could not be answered",
} as const;

function outcomeLine(item: IncidentItemView): string {
  if (!item.outcome) return "Waiting for the answer";
  const words = OUTCOME_WORDS[item.outcome];
  if (item.outcome === "replied")
    return item.replyStatus ? `${words} (reply ${item.replyStatus.replace("_", " ")})` : words;
  return item.error && item.outcome === "failed" ? `${words}: ${item.error}` : words;
}

/** The one answer to every item of the incident; variables are filled per item by the server. */
function AnswerForm({
  incident,
  onAnswered,
}: {
  incident: IncidentDetailView;
  onAnswered(next: IncidentDetailView): void;
}) {
  const ids = useId();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const open = incident.items.filter((i) => i.state === "new" || i.state === "reserved").length;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (
      !window.confirm(
        `Send this answer to ${open} ${open === 1 ? "customer" : "customers"} and close their items?`,
      )
    )
      return;
    setBusy(true);
    setProblem(null);
    try {
      onAnswered(await api.answerIncident(incident.id, text));
    } catch (failure) {
      setProblem(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel incident-answer" aria-labelledby={`${ids}-title`} onSubmit={submit}>
      <h2 id={`${ids}-title`} className="panel__title">
        Answer all
      </h2>
      <div className="field">
        <label htmlFor={`${ids}-text`}>Answer to every item</label>
        <textarea
          id={`${ids}-text`}
          required
          rows={4}
          maxLength={5000}
          aria-describedby={`${ids}-help`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <p id={`${ids}-help`} className="field-help">
        Each customer gets their own reply in their channel, through the usual checks and approvals, and their
        item is closed. {"{{customer_name}}"}, {"{{agent_name}}"} and {"{{brand_name}}"} are filled in for
        each. An item already answered is never answered twice.
      </p>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="campaign-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy || open === 0}>
          {busy ? "Answering…" : `Answer ${open} ${open === 1 ? "item" : "items"}`}
        </button>
      </div>
    </form>
  );
}

/** One incident: why it was opened, its counts, its items and, while it is open, the answer. */
export function IncidentPage({ id }: { id: string }) {
  const { user } = useSession();
  const canAnswer = user.role === "admin" || user.role === "supervisor";
  const [incident, setIncident] = useState<IncidentDetailView | null>(null);
  const [notice, setNotice] = useState("");
  const { error, fail } = usePageError();

  const load = useCallback(() => {
    api.incident(id).then(setIncident, fail);
  }, [id, fail]);
  useEffect(() => {
    document.title = "Incident · Parley";
    load();
  }, [load]);
  // While the answer is written to the items in the background, the counts follow it.
  const answering = incident?.state === "answering";
  useEffect(() => {
    if (!answering) return;
    const timer = window.setInterval(load, ANSWERING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [answering, load]);
  const wasAnswering = useRef(false);
  useEffect(() => {
    if (!incident) return;
    if (incident.state === "answering") wasAnswering.current = true;
    else if (incident.state === "answered" && wasAnswering.current) {
      wasAnswering.current = false;
      const n = incident.counts.replied;
      setNotice(`Answered ${n} ${n === 1 ? "item" : "items"}; the replies are on their way.`);
    }
  }, [incident]);

  function answered(next: IncidentDetailView) {
    setIncident(next);
    setNotice("The answer is being written to each item; this page follows it.");
  }

  return (
    <main className="admin-page" aria-labelledby="incident-title">
      <header className="page-header">
        <h1 id="incident-title">{incident?.title ?? "Incident"}</h1>
        <span className="page-header__meta">{incident ? stateWords(incident) : "Loading…"}</span>
        <a className="button button--quiet page-header__action" href={INCIDENTS_HREF}>
          All incidents
        </a>
      </header>
      <ErrorBanner error={error} />
      {incident && (
        <div className="admin-page__body">
          <p className="muted" aria-live="polite">
            {notice}
          </p>
          <p>{incident.summary}</p>
          <p className="incident-counts">{countsLine(incident)}</p>
          <p className="muted">
            Opened {fullTimestamp(incident.createdAt)}
            {incident.answeredAt ? ` · answered ${fullTimestamp(incident.answeredAt)}` : ""}
          </p>
          {incident.answerText && (
            <blockquote className="incident-answer-text">
              <p className="post-text">{incident.answerText}</p>
            </blockquote>
          )}
          {canAnswer && incident.state === "open" && <AnswerForm incident={incident} onAnswered={answered} />}
          {incident.state !== "open" && (
            <div>
              <button type="button" className="button button--small" onClick={load}>
                Refresh
              </button>
            </div>
          )}
          <h2>Timeline</h2>
          <ol className="incident-timeline">
            {incident.timeline.map((entry) => (
              <li key={`${entry.at}-${entry.what}`}>
                <span className="audit__when">{fullTimestamp(entry.at)}</span> {entry.what}
              </li>
            ))}
          </ol>
          <h2>Items</h2>
          <table className="data-table incident-items">
            <caption className="visually-hidden">The incident's work items</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Post</th>
                <th scope="col">Item</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {incident.items.map((item) => (
                <tr key={item.workItemId}>
                  <th scope="row">
                    {item.conversationId ? (
                      <a href={conversationHref(item.conversationId, item.workItemId)}>
                        @{item.author ?? "unknown"}
                      </a>
                    ) : (
                      <span className="muted">Removed</span>
                    )}
                  </th>
                  <td>
                    <p className="post-text">{item.text ?? ""}</p>
                  </td>
                  <td>{item.state ?? "gone"}</td>
                  <td>{outcomeLine(item)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
