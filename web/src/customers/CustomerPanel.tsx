/**
 * The customer panel beside a conversation: the customer linked to the author's profile, with
 * what they declined and their timeline across profiles; or the suggested customers, each with
 * its evidence and confidence, for the agent to confirm or reject, and a search to link one by
 * hand. Nothing is linked until the agent says so. Customer data and post text render as text.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { platformName } from "../format/labels.ts";
import { fullTimestamp } from "../format/time.ts";
import { type AuthorCustomerView, type CustomerView, customerApi, type TimelineView } from "./customerApi.ts";
import { declinedWords, percent, TIER_WORDS } from "./customerWords.ts";

const KIND_WORDS = {
  post: "Post",
  email: "Email",
  work_item: "Work item",
  reply: "Reply",
  note: "Note",
  survey_invitation: "Survey invitation",
  survey_answer: "Survey answer",
} as const;

function Timeline({ customerId }: { customerId: string }) {
  const [timeline, setTimeline] = useState<TimelineView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    customerApi.timeline(customerId).then(setTimeline, (f: unknown) => setError(plainErrorMessage(f)));
  }, [customerId]);
  if (error) return <p className="form-error">{error}</p>;
  if (!timeline) return null;
  if (timeline.items.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <ol className="timeline" aria-label="Customer timeline">
      {timeline.items.map((entry) => (
        <li key={`${entry.kind}-${entry.id}`} className={`timeline__entry timeline__entry--${entry.kind}`}>
          <div className="timeline__meta">
            <span>{KIND_WORDS[entry.kind]}</span> · <span>{platformName(entry.platform)}</span> ·{" "}
            <time dateTime={entry.at}>{fullTimestamp(entry.at)}</time>
            {entry.kind !== "post" && entry.kind !== "email" && entry.detail && (
              <span> · {entry.detail}</span>
            )}
          </div>
          {entry.text && <p className="timeline__text">{entry.text}</p>}
        </li>
      ))}
    </ol>
  );
}

const ASKED =
  "A private message with a one-time link is on its way: the link is made when the customer confirms (within 7 days).";

function LinkSearch({
  authorId,
  onLinked,
  onAsked,
}: {
  authorId: string;
  onLinked(): void;
  onAsked(): void;
}) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<CustomerView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchId = useId();
  async function search(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setFound((await customerApi.list(q, null)).items.slice(0, 5));
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }
  async function link(customerId: string) {
    try {
      await customerApi.link(authorId, customerId);
      onLinked();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }
  async function ask(customerId: string) {
    setError(null);
    try {
      await customerApi.askToConfirm(authorId, customerId);
      onAsked();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    }
  }
  return (
    <form className="customer-search" onSubmit={search}>
      <label htmlFor={searchId}>Link a customer</label>
      <div className="customer-search__row">
        <input
          id={searchId}
          type="search"
          value={q}
          placeholder="Name, email, phone, order or CRM id"
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" className="button button--small">
          Search
        </button>
      </div>
      {found && found.length === 0 && <p className="muted">No customer found.</p>}
      {found && found.length > 0 && (
        <ul className="customer-search__results">
          {found.map((c) => (
            <li key={c.id}>
              <span>
                {c.name ?? "No name"} <span className="muted">{c.externalId ?? ""}</span>
              </span>
              <span className="row-actions">
                <button type="button" className="button button--small" onClick={() => link(c.id)}>
                  Link
                </button>
                <button type="button" className="button button--small" onClick={() => ask(c.id)}>
                  Ask the customer to confirm
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function CustomerPanel({
  authorId,
  view,
  error,
  onChanged,
}: {
  authorId: string;
  view: AuthorCustomerView | null;
  error: string | null;
  onChanged(): void;
}) {
  const [actionError, setActionError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  /** Runs an action; true when it went through. */
  async function act(work: () => Promise<unknown>): Promise<boolean> {
    setActionError(null);
    setAsked(false);
    try {
      await work();
      onChanged();
      return true;
    } catch (failure) {
      setActionError(plainErrorMessage(failure));
      return false;
    }
  }
  const declined = view?.customer ? declinedWords(view.customer.consent) : null;
  return (
    <section className="panel" aria-labelledby="customer-title">
      <h2 id="customer-title" className="panel__title">
        Customer
        {view?.customer && <span className="panel__aside">{TIER_WORDS[view.customer.tier]}</span>}
      </h2>
      {error && <p className="form-error">{error}</p>}
      {view?.customer && view.link && (
        <>
          <div className="customer-card">
            <div className="author__name">{view.customer.name ?? <span className="muted">No name</span>}</div>
            {view.customer.externalId && <div className="muted">CRM id {view.customer.externalId}</div>}
            {view.customer.emails[0] && <div>{view.customer.emails[0]}</div>}
            <div className="muted">
              {view.link.linkedBy === "customer" ? "Confirmed by the customer" : "Linked by an agent"}
            </div>
            {declined && (
              <p className="consent-note" role="note">
                {declined}
              </p>
            )}
          </div>
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => act(() => customerApi.undo(view.link!.id))}
          >
            Undo link
          </button>
          <h3 className="section-title">Timeline</h3>
          <Timeline customerId={view.customer.id} />
        </>
      )}
      {view && !view.customer && (
        <>
          {view.suggestions.length === 0 ? (
            <p className="muted">Not linked to a customer.</p>
          ) : (
            <ul className="suggestions" aria-label="Suggested customers">
              {view.suggestions.map((s) => (
                <li key={s.id} className="suggestion">
                  <div className="suggestion__head">
                    <span className="author__name">{s.customer.name ?? "No name"}</span>
                    <span className="suggestion__confidence" title="Confidence">
                      {percent(s.confidence)}
                    </span>
                  </div>
                  {s.customer.externalId && <div className="muted">CRM id {s.customer.externalId}</div>}
                  <ul className="suggestion__evidence" aria-label="Evidence">
                    {s.evidence.map((e) => (
                      <li key={`${e.kind}-${e.detail}`}>{e.detail}</li>
                    ))}
                  </ul>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button--small button--primary"
                      onClick={() => act(() => customerApi.decide(s.id, "confirmed"))}
                    >
                      Confirm link
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => act(() => customerApi.decide(s.id, "rejected"))}
                    >
                      Reject
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() =>
                        act(() => customerApi.askToConfirm(authorId, s.customer.id)).then(setAsked)
                      }
                    >
                      Ask the customer to confirm
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <LinkSearch authorId={authorId} onLinked={onChanged} onAsked={() => setAsked(true)} />
        </>
      )}
      <p role="status" className="muted live-note">
        {asked ? ASKED : ""}
      </p>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
    </section>
  );
}
