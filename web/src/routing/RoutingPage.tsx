/** Routing set up: queues with their waits, the routing rules that fill them, agents with presence and load. */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { RoutingOverview, Skill } from "../api/types.ts";
import { useLiveListener } from "../live/LiveContext.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { useNow } from "../shell/useNow.ts";
import { RulesSection } from "./RulesSection.tsx";
import { formatWait, parseSkills } from "./routingWords.ts";
import { SurveyScores } from "./SurveyScores.tsx";

export function RoutingPage() {
  const [overview, setOverview] = useState<RoutingOverview | null>(null);
  /** When the browser got the figures: the oldest waits have grown by the time since. */
  const [receivedAt, setReceivedAt] = useState(0);
  const now = useNow(10_000);
  const [error, setError] = useState<string | null>(null);
  const [queuesVersion, setQueuesVersion] = useState(0);

  const load = useCallback(() => {
    api.routingOverview().then(
      (next) => {
        setOverview(next);
        setReceivedAt(Date.now());
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);

  useEffect(() => {
    document.title = "Routing · Parley";
    load();
  }, [load]);
  // Work-item changes reload the figures; presence changes arrive on the live channel too.
  useLiveListener({
    onWorkItem: load,
    onResync: load,
    onPresence(agent) {
      setOverview(
        (current) =>
          current && {
            ...current,
            agents: current.agents.map((a) => (a.id === agent.id ? { ...a, presence: agent.presence } : a)),
          },
      );
    },
  });

  return (
    <main className="admin-page" aria-labelledby="routing-title">
      <header className="page-header">
        <h1 id="routing-title">Routing</h1>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <section aria-labelledby="queues-title">
          <h2 id="queues-title" className="section-title">
            Queues
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Waiting</th>
                <th scope="col">Oldest wait</th>
                <th scope="col">Estimated wait</th>
                <th scope="col">Handled (last hour)</th>
              </tr>
            </thead>
            <tbody>
              {overview?.queues.map((q) => (
                <tr key={q.id}>
                  <th scope="row">{q.name}</th>
                  <td className="num">{q.waiting}</td>
                  <td>
                    {formatWait(
                      q.oldestWaitMs === null ? null : q.oldestWaitMs + Math.max(0, now - receivedAt),
                    )}
                  </td>
                  <td>{q.estimatedWaitMs === null ? "no recent rate" : formatWait(q.estimatedWaitMs)}</td>
                  <td>{q.handledLastHour}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {overview?.queues.length === 0 && <p className="empty">No queues yet: add one below.</p>}
          <QueueForm
            onCreated={() => {
              load();
              setQueuesVersion((v) => v + 1);
            }}
          />
        </section>
        <RulesSection queuesVersion={queuesVersion} />
        <section aria-labelledby="agents-title">
          <h2 id="agents-title" className="section-title">
            Agents
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Presence</th>
                <th scope="col">Load</th>
                <th scope="col">Held</th>
                <th scope="col">Offered</th>
                <th scope="col">Skills</th>
              </tr>
            </thead>
            <tbody>
              {overview?.agents.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>
                    <span className={`presence presence--${a.presence}`}>{a.presence}</span>
                  </td>
                  <td>
                    {a.load} / {a.capacity}
                  </td>
                  <td>{a.held}</td>
                  <td>{a.offered}</td>
                  <td>
                    {a.skills.map((s) => `${s.kind}:${s.value} (${s.proficiency})`).join(", ") || "none"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <SurveyScores />
      </div>
    </main>
  );
}

function QueueForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [skills, setSkills] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let requiredSkills: Skill[];
    try {
      requiredSkills = parseSkills(skills);
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.createQueue({ name, requiredSkills });
      setName("");
      setSkills("");
      onCreated();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New queue">
      <label className="field field--inline">
        <span>Name</span>
        <input value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="field field--inline">
        <span>Required skills</span>
        <input
          value={skills}
          placeholder="language:en, topic:billing"
          onChange={(event) => setSkills(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary" disabled={busy}>
        Add queue
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
