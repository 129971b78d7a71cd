import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { DeadLetterView, SourceKindView, SourceView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { fullTimestamp } from "../format/time.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { ConnectionTest } from "./ConnectionTest.tsx";
import { EMPTY_EMAIL, type EmailDraft, EmailSourceFields, emailSource } from "./EmailSourceFields.tsx";
import { lagWords, STATE_WORDS } from "./sourceWords.ts";

interface Draft {
  kind: string;
  name: string;
  url: string;
  pollMinutes: string;
  requireMatch: boolean;
  allowPrivateNetwork: boolean;
  /** Mastodon: the access token, what to listen to (hashtags and keywords comma-separated). */
  accessToken: string;
  mentions: boolean;
  /** Mastodon: listen on the streaming API rather than poll. */
  streaming: boolean;
  hashtags: string;
  keywords: string;
  /** Bluesky: the account's handle and app password, searches (comma-separated). */
  handle: string;
  appPassword: string;
  searches: string;
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const EMPTY: Draft = {
  kind: "feed",
  name: "",
  url: "",
  pollMinutes: "15",
  requireMatch: true,
  allowPrivateNetwork: false,
  accessToken: "",
  mentions: true,
  streaming: false,
  hashtags: "",
  keywords: "",
  handle: "",
  appPassword: "",
  searches: "",
};

/** A push source's secret, shown once after it is created. */
interface Created {
  source: SourceView;
  secret: string;
}

/**
 * Where posts come from: each source with its health, and (for admins) adding, stopping and
 * removing them; below, what could not be read or done. Names, errors and payloads come from
 * outside and are rendered as text.
 */
/** Kinds whose form tests its connection here (email's has its own, among its fields). */
const TESTABLE: ReadonlySet<string> = new Set(["feed", "mastodon", "bluesky", "bluesky-jetstream"]);

/** What the form says to the server: the kind's settings and credentials. */
function sourcePayload(
  draft: Draft,
  emailDraft: EmailDraft,
): { settings: Record<string, unknown>; credentials: Record<string, string> | undefined } {
  const settings =
    draft.kind === "feed"
      ? {
          url: draft.url.trim(),
          pollIntervalSeconds: Math.round(Number(draft.pollMinutes) * 60),
          requireMatch: draft.requireMatch,
          allowPrivateNetwork: draft.allowPrivateNetwork,
        }
      : draft.kind === "mastodon"
        ? {
            instanceUrl: draft.url.trim(),
            mentions: draft.mentions,
            hashtags: list(draft.hashtags),
            keywords: list(draft.keywords),
            streaming: draft.streaming,
            allowPrivateNetwork: draft.allowPrivateNetwork,
          }
        : draft.kind === "bluesky"
          ? {
              ...(draft.url.trim() ? { serviceUrl: draft.url.trim() } : {}),
              handle: draft.handle.trim(),
              mentions: draft.mentions,
              searches: list(draft.searches),
              allowPrivateNetwork: draft.allowPrivateNetwork,
            }
          : draft.kind === "bluesky-jetstream"
            ? {
                ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
                allowPrivateNetwork: draft.allowPrivateNetwork,
              }
            : {};
  let credentials: Record<string, string> | undefined =
    draft.kind === "mastodon"
      ? { accessToken: draft.accessToken.trim() }
      : draft.kind === "bluesky"
        ? { appPassword: draft.appPassword.trim() }
        : undefined;
  if (draft.kind === "email") {
    const email = emailSource(emailDraft);
    Object.assign(settings, email.settings);
    credentials = email.credentials;
  }
  return { settings, credentials };
}

export function SourcesPage() {
  const { user } = useSession();
  const admin = user.role === "admin";
  const [sources, setSources] = useState<SourceView[] | null>(null);
  const [kinds, setKinds] = useState<SourceKindView[]>([]);
  const [letters, setLetters] = useState<DeadLetterView[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [created, setCreated] = useState<Created | null>(null);
  const [emailDraft, setEmailDraft] = useState(EMPTY_EMAIL);
  const { error, setError, fail } = usePageError();

  const reload = useCallback(() => {
    api.sources().then((page) => setSources(page.items), fail);
    if (admin) api.deadLetters().then((page) => setLetters(page.items), fail);
  }, [admin, fail]);

  useEffect(() => {
    document.title = "Sources · Parley";
    reload();
    api.sourceKinds().then((page) => setKinds(page.items.filter((k) => k.kind !== "demo")), fail);
    // Health changes as sources run: look again every few seconds.
    const timer = setInterval(
      () =>
        api.sources().then(
          (page) => setSources(page.items),
          () => undefined,
        ),
      5000,
    );
    return () => clearInterval(timer);
  }, [reload, fail]);

  const create = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const { settings, credentials } = sourcePayload(draft, emailDraft);
    api.createSource({ kind: draft.kind, name: draft.name.trim(), settings, credentials }).then((answer) => {
      if (answer.signingSecret) setCreated({ source: answer.source, secret: answer.signingSecret });
      setDraft({ ...EMPTY, kind: draft.kind });
      setEmailDraft(EMPTY_EMAIL);
      reload();
    }, fail);
  };
  const toggle = (source: SourceView) => api.setSourceEnabled(source.id, !source.enabled).then(reload, fail);
  const remove = (source: SourceView) => {
    if (!window.confirm(`Remove the source "${source.name}"? Posts it brought in stay.`)) return;
    api.deleteSource(source.id).then(reload, fail);
  };
  const retry = (letter: DeadLetterView) => api.retryDeadLetter(letter.id).then(reload, fail);

  return (
    <main className="admin-page" aria-labelledby="sources-title">
      <header className="page-header">
        <h1 id="sources-title">Sources</h1>
        {sources && (
          <span className="page-header__meta">
            {sources.length === 1 ? "1 source" : `${sources.length} sources`}
          </span>
        )}
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        {sources === null && !error && <p className="muted">Loading…</p>}
        {sources && sources.length === 0 && (
          <p className="empty">No sources yet: add a feed or a push webhook below.</p>
        )}
        {sources && sources.length > 0 && (
          <table className="data-table sources">
            <caption className="visually-hidden">Sources and their health</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Posts / min
                </th>
                <th scope="col" className="num">
                  Posts
                </th>
                <th scope="col" className="num">
                  Unreadable
                </th>
                <th scope="col">Lag</th>
                <th scope="col">Last read</th>
                {admin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <tr key={source.id}>
                  <th scope="row">
                    <div className="sources__name">{source.name}</div>
                    <div className="muted">
                      {source.label === source.name ? "" : source.label}
                      {typeof source.settings.url === "string" ? ` · ${source.settings.url}` : ""}
                      {source.pushPath ? ` · POST ${source.pushPath}` : ""}
                    </div>
                  </th>
                  <td>
                    <span className={`source-state source-state--${source.health.state}`}>
                      {STATE_WORDS[source.health.state]}
                    </span>
                    {source.health.lastError &&
                      source.health.state !== "idle" &&
                      source.health.state !== "running" && (
                        <div className="sources__error" title={source.health.lastErrorAt ?? undefined}>
                          {source.health.lastError}
                        </div>
                      )}
                    {source.health.pausedUntil && (
                      <div className="muted">until {fullTimestamp(source.health.pausedUntil)}</div>
                    )}
                  </td>
                  <td className="num">{source.health.postsPerMinute}</td>
                  <td className="num">{source.health.postsTotal}</td>
                  <td className="num">{source.health.rejectsTotal}</td>
                  <td>{lagWords(source.health.lagSeconds)}</td>
                  <td>
                    {source.health.lastSuccessAt ? fullTimestamp(source.health.lastSuccessAt) : "never"}
                  </td>
                  {admin && (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="button button--quiet" onClick={() => toggle(source)}>
                          {source.enabled ? "Stop" : "Start"}
                        </button>
                        <button type="button" className="button button--quiet" onClick={() => remove(source)}>
                          Remove
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {created && (
          <section className="panel sources__secret" aria-label="The new webhook's secret">
            <h2 className="panel__title">Push posts to “{created.source.name}”</h2>
            <p>
              This secret is shown once. Sign each request with it: <code>X-Parley-Timestamp</code> (unix
              seconds) and <code>X-Parley-Signature: sha256=</code> followed by the hex HMAC-SHA256 of{" "}
              <code>timestamp + "." + body</code>.
            </p>
            <dl>
              <dt>Address</dt>
              <dd>
                <code>{`${location.origin}${created.source.pushPath}`}</code>
              </dd>
              <dt>Secret</dt>
              <dd>
                <code>{created.secret}</code>
              </dd>
            </dl>
            <button type="button" className="button button--quiet" onClick={() => setCreated(null)}>
              I have kept it
            </button>
          </section>
        )}

        {admin && (
          <form className="panel campaign-form" onSubmit={create} aria-label="Add a source">
            <h2 className="panel__title">Add a source</h2>
            <div className="campaign-form__row">
              <label className="field">
                <span>Kind</span>
                <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
                  {kinds.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Name</span>
                <input
                  required
                  maxLength={200}
                  value={draft.name}
                  placeholder={draft.kind === "feed" ? "Reviews on example.com" : "Shop reviews"}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                />
              </label>
            </div>
            {draft.kind === "feed" && (
              <>
                <div className="campaign-form__row">
                  <label className="field">
                    <span>Feed address</span>
                    <input
                      required
                      type="url"
                      value={draft.url}
                      placeholder="https://example.com/feed.xml"
                      onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                    />
                  </label>
                  <label className="field">
                    <span>Look every (minutes)</span>
                    <input
                      type="number"
                      min={1}
                      max={1440}
                      value={draft.pollMinutes}
                      onChange={(e) => setDraft({ ...draft, pollMinutes: e.target.value })}
                    />
                  </label>
                </div>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.requireMatch}
                    onChange={(e) => setDraft({ ...draft, requireMatch: e.target.checked })}
                  />
                  Keep only entries that match a campaign (turn off for a feed that is all about the brand)
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.allowPrivateNetwork}
                    onChange={(e) => setDraft({ ...draft, allowPrivateNetwork: e.target.checked })}
                  />
                  Allow addresses on private networks (only for a feed inside your own network)
                </label>
              </>
            )}
            {draft.kind === "mastodon" && (
              <>
                <div className="campaign-form__row">
                  <label className="field">
                    <span>Instance address</span>
                    <input
                      required
                      type="url"
                      value={draft.url}
                      placeholder="https://mastodon.social"
                      onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                    />
                  </label>
                  <label className="field">
                    <span>Access token</span>
                    <input
                      required
                      type="password"
                      autoComplete="off"
                      value={draft.accessToken}
                      onChange={(e) => setDraft({ ...draft, accessToken: e.target.value })}
                    />
                  </label>
                </div>
                <p className="field-help">
                  The brand account's token, with the scopes read:accounts read:notifications read:search
                  read:statuses write:statuses (parley mastodon register and token make one).
                </p>
                <div className="campaign-form__row">
                  <label className="field">
                    <span>Hashtags (comma-separated)</span>
                    <input
                      value={draft.hashtags}
                      placeholder="lumenmobile, lumendown"
                      onChange={(e) => setDraft({ ...draft, hashtags: e.target.value })}
                    />
                  </label>
                  <label className="field">
                    <span>Keywords (comma-separated; instances with full-text search)</span>
                    <input
                      value={draft.keywords}
                      placeholder="lumen mobile"
                      onChange={(e) => setDraft({ ...draft, keywords: e.target.value })}
                    />
                  </label>
                </div>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.mentions}
                    onChange={(e) => setDraft({ ...draft, mentions: e.target.checked })}
                  />
                  Read mentions of the account, direct messages included
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.streaming}
                    onChange={(e) => setDraft({ ...draft, streaming: e.target.checked })}
                  />
                  Listen live on the streaming API (mentions and hashtags as they happen, with edits and
                  deletes; keywords are still searched every minute)
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.allowPrivateNetwork}
                    onChange={(e) => setDraft({ ...draft, allowPrivateNetwork: e.target.checked })}
                  />
                  Allow addresses on private networks (only for an instance inside your own network)
                </label>
              </>
            )}
            {draft.kind === "email" && <EmailSourceFields draft={emailDraft} onChange={setEmailDraft} />}
            {draft.kind === "bluesky" && (
              <>
                <div className="campaign-form__row">
                  <label className="field">
                    <span>Service address (blank for bsky.social)</span>
                    <input
                      type="url"
                      value={draft.url}
                      placeholder="https://bsky.social"
                      onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                    />
                  </label>
                  <label className="field">
                    <span>Handle</span>
                    <input
                      required
                      value={draft.handle}
                      placeholder="lumen.bsky.social"
                      onChange={(e) => setDraft({ ...draft, handle: e.target.value })}
                    />
                  </label>
                  <label className="field">
                    <span>App password</span>
                    <input
                      required
                      type="password"
                      autoComplete="off"
                      value={draft.appPassword}
                      onChange={(e) => setDraft({ ...draft, appPassword: e.target.value })}
                    />
                  </label>
                </div>
                <p className="field-help">
                  An app password of the brand's account (Settings → Privacy and security → App passwords),
                  not its own password.
                </p>
                <label className="field">
                  <span>Searches (comma-separated: words, a phrase or a #hashtag)</span>
                  <input
                    value={draft.searches}
                    placeholder="lumen mobile, #lumendown"
                    onChange={(e) => setDraft({ ...draft, searches: e.target.value })}
                  />
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.mentions}
                    onChange={(e) => setDraft({ ...draft, mentions: e.target.checked })}
                  />
                  Read mentions, replies and quotes of the account
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.allowPrivateNetwork}
                    onChange={(e) => setDraft({ ...draft, allowPrivateNetwork: e.target.checked })}
                  />
                  Allow addresses on private networks (only for a PDS inside your own network)
                </label>
              </>
            )}
            {draft.kind === "bluesky-jetstream" && (
              <>
                <label className="field">
                  <span>Jetstream address (blank for Bluesky's own)</span>
                  <input
                    type="url"
                    value={draft.url}
                    placeholder="wss://jetstream2.us-east.bsky.network/subscribe"
                    onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                  />
                </label>
                <p className="field-help">
                  Every public post on Bluesky; only those that match a campaign are kept.
                </p>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.allowPrivateNetwork}
                    onChange={(e) => setDraft({ ...draft, allowPrivateNetwork: e.target.checked })}
                  />
                  Allow addresses on private networks (only for a Jetstream inside your own network)
                </label>
              </>
            )}
            {TESTABLE.has(draft.kind) && (
              <ConnectionTest
                run={() => api.checkSource({ kind: draft.kind, ...sourcePayload(draft, emailDraft) })}
                version={draft}
              />
            )}
            {draft.kind === "webhook" && (
              <p className="field-help">
                Other systems send posts to this source over HTTPS; you get the address and a signing secret
                once it is added.
              </p>
            )}
            <div className="campaign-form__buttons">
              <button type="submit" className="button">
                Add source
              </button>
            </div>
          </form>
        )}

        {admin && letters && (
          <section aria-labelledby="letters-title">
            <h2 id="letters-title" className="section-title">
              Could not be read or done
            </h2>
            {letters.length === 0 ? (
              <p className="empty">Nothing: every payload was read and every job finished.</p>
            ) : (
              <table className="data-table dead-letters">
                <caption className="visually-hidden">Dead letters, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">From</th>
                    <th scope="col">Why</th>
                    <th scope="col">Payload</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {letters.map((letter) => (
                    <tr key={letter.id}>
                      <td className="audit__when">{fullTimestamp(letter.createdAt)}</td>
                      <td>
                        {letter.origin === "job"
                          ? `job ${letter.name}`
                          : (sources?.find((s) => s.id === letter.sourceId)?.name ??
                            `a removed ${letter.name} source`)}
                      </td>
                      <td>
                        <code>{letter.code}</code> {letter.reason}
                      </td>
                      <td className="dead-letters__payload" title={letter.payload.slice(0, 2000)}>
                        {letter.payload.slice(0, 160)}
                        {letter.payload.length > 160 ? "…" : ""}
                      </td>
                      <td>
                        {letter.retryable && (
                          <button
                            type="button"
                            className="button button--quiet"
                            onClick={() => retry(letter)}
                          >
                            Retry
                          </button>
                        )}
                        {letter.retriedAt && <span className="muted">retried</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
