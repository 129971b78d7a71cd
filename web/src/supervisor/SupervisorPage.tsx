/**
 * The supervisor's live view: queues (waiting, offered, held, oldest wait, estimated wait, SLAs at
 * risk) and agents (presence, load, held, handled today). Work-item changes arrive over the live
 * channel and refresh the figures; presence changes arrive there too and change the agent's row at
 * once; the oldest wait keeps counting in the browser between reloads, so nothing is polled. A
 * queue's waiting items open under the table, where each can be reassigned to an agent or moved to
 * another queue.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { SupervisorView, WorkItemView } from "../api/types.ts";
import { useLiveListener } from "../live/LiveContext.tsx";
import { ROUTING_HREF } from "../router.ts";
import { formatWait } from "../routing/routingWords.ts";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { useNow } from "../shell/useNow.ts";

/** Live messages come in bursts (a dispatch offers many items): one reload per burst. */
const LIVE_DEBOUNCE_MS = 300;

type QueueRow = SupervisorView["queues"][number];
type AgentRow = SupervisorView["agents"][number];

export function SupervisorPage() {
  const [view, setView] = useState<SupervisorView | null>(null);
  /** When the browser got the view: the waits it holds have grown by the time since. */
  const [receivedAt, setReceivedAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [openQueue, setOpenQueue] = useState<string | null>(null);
  const [itemsVersion, setItemsVersion] = useState(0);
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    api.supervisor().then(
      (next) => {
        setView(next);
        setReceivedAt(Date.now());
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, []);
  const reloadSoon = useCallback(() => {
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      load();
      setItemsVersion((v) => v + 1);
    }, LIVE_DEBOUNCE_MS);
  }, [load]);

  useEffect(() => {
    document.title = "Supervisor · Parley";
    load();
    return () => clearTimeout(debounce.current);
  }, [load]);
  useLiveListener({
    onWorkItem: reloadSoon,
    onResync: reloadSoon,
    onPresence(agent) {
      setView(
        (current) =>
          current && {
            ...current,
            agents: current.agents.map((a) => (a.id === agent.id ? { ...a, presence: agent.presence } : a)),
          },
      );
    },
  });

  const shown = view?.queues.find((q) => q.id === openQueue) ?? null;

  return (
    <main className="admin-page" aria-labelledby="supervisor-title">
      <header className="page-header">
        <h1 id="supervisor-title">Supervisor</h1>
      </header>
      <ErrorBanner error={error} />
      <div className="admin-page__body">
        <section aria-labelledby="sv-queues-title">
          <h2 id="sv-queues-title" className="section-title">
            Queues
          </h2>
          {view && view.queues.length === 0 ? (
            <p className="empty">
              No queues yet. Queues and the rules that fill them are set up on the{" "}
              <a href={ROUTING_HREF}>Routing</a> page.
            </p>
          ) : (
            <QueueTable
              queues={view?.queues ?? []}
              receivedAt={receivedAt}
              openQueue={openQueue}
              onToggle={(id) => setOpenQueue((current) => (current === id ? null : id))}
            />
          )}
          {view && (
            <p className="muted">
              Estimated wait: (waiting + 1) × one hour ÷ items handled from the queue in the last hour; “no
              recent rate” when none was. Handled today counts from midnight, {view.timeZone}.
            </p>
          )}
        </section>
        {shown && view && (
          <WaitingItems
            key={shown.id}
            queue={shown}
            queues={view.queues}
            agents={view.agents}
            version={itemsVersion}
            onChanged={() => {
              load();
              setItemsVersion((v) => v + 1);
            }}
            onClose={() => setOpenQueue(null)}
          />
        )}
        <section aria-labelledby="sv-agents-title">
          <h2 id="sv-agents-title" className="section-title">
            Agents
          </h2>
          {view && view.agents.length === 0 ? (
            <p className="empty">No one takes routed work yet: add agents under Settings.</p>
          ) : (
            <AgentTable agents={view?.agents ?? []} />
          )}
        </section>
      </div>
    </main>
  );
}

function QueueTable({
  queues,
  receivedAt,
  openQueue,
  onToggle,
}: {
  queues: QueueRow[];
  receivedAt: number;
  openQueue: string | null;
  onToggle(id: string): void;
}) {
  const now = useNow(10_000);
  const since = Math.max(0, now - receivedAt);
  return (
    <table className="data-table" aria-label="Queues">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Waiting</th>
          <th scope="col">Offered</th>
          <th scope="col">Held</th>
          <th scope="col">Oldest wait</th>
          <th scope="col">Estimated wait</th>
          <th scope="col">SLA at risk</th>
          <th scope="col">Handled (last hour)</th>
          <th scope="col">
            <span className="visually-hidden">Items</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.id}>
            <th scope="row">{q.name}</th>
            <td className="num">{q.waiting}</td>
            <td className="num">{q.offered}</td>
            <td className="num">{q.reserved}</td>
            <td>{formatWait(q.oldestWaitMs === null ? null : q.oldestWaitMs + since)}</td>
            <td>{q.estimatedWaitMs === null ? "no recent rate" : formatWait(q.estimatedWaitMs)}</td>
            <td className={q.slaAtRisk > 0 ? "num at-risk" : "num"}>{q.slaAtRisk}</td>
            <td className="num">{q.handledLastHour}</td>
            <td>
              <button
                type="button"
                className="button button--small"
                aria-expanded={openQueue === q.id}
                aria-controls="sv-waiting"
                onClick={() => onToggle(q.id)}
              >
                {openQueue === q.id ? "Hide" : "Show"} waiting items
                <span className="visually-hidden"> of {q.name}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AgentTable({ agents }: { agents: AgentRow[] }) {
  return (
    <table className="data-table" aria-label="Agents">
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Presence</th>
          <th scope="col">Load</th>
          <th scope="col">Held</th>
          <th scope="col">Offered</th>
          <th scope="col">Handled today</th>
        </tr>
      </thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.id}>
            <th scope="row">{a.name}</th>
            <td>
              <span className={`presence presence--${a.presence}`}>{a.presence}</span>
            </td>
            <td>
              {a.load} / {a.capacity}
            </td>
            <td className="num">{a.held}</td>
            <td className="num">{a.offered}</td>
            <td className="num">{a.handledToday}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WaitingItems({
  queue,
  queues,
  agents,
  version,
  onChanged,
  onClose,
}: {
  queue: QueueRow;
  queues: QueueRow[];
  agents: AgentRow[];
  version: number;
  onChanged(): void;
  onClose(): void;
}) {
  const [items, setItems] = useState<WorkItemView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload after a change.
  useEffect(() => {
    let current = true;
    api.queueWaiting(queue.id).then(
      (page) => current && setItems(page.items),
      (failure: unknown) => current && setError(plainErrorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [queue.id, version]);

  return (
    <section id="sv-waiting" aria-labelledby="sv-waiting-title" className="sv-waiting">
      <div className="sv-waiting__head">
        <h2 id="sv-waiting-title" className="section-title">
          Waiting in {queue.name}
        </h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close<span className="visually-hidden"> waiting items of {queue.name}</span>
        </button>
      </div>
      <ErrorBanner error={error} />
      {items && items.length === 0 && <p className="empty">Nothing waits in {queue.name}.</p>}
      {items && items.length > 0 && (
        <table className="data-table" aria-label={`Waiting in ${queue.name}`}>
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col">Priority</th>
              <th scope="col">Offered to</th>
              <th scope="col">SLA</th>
              <th scope="col">Reassign or move</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <WaitingRow
                key={item.id}
                item={item}
                queue={queue}
                queues={queues}
                agents={agents}
                onChanged={onChanged}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WaitingRow({
  item,
  queue,
  queues,
  agents,
  onChanged,
}: {
  item: WorkItemView;
  queue: QueueRow;
  queues: QueueRow[];
  agents: AgentRow[];
  onChanged(): void;
}) {
  const [target, setTarget] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handle = item.post.author.handle;
  const others = queues.filter((q) => q.id !== queue.id);

  async function transfer() {
    const [kind, id] = target.split(":");
    if (!id) return;
    setBusy(true);
    setError(null);
    try {
      await api.transfer(item.id, kind === "agent" ? { agentId: id } : { queueId: id });
      setTarget("");
      onChanged();
    } catch (failure) {
      setError(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const label = `Reassign or move the post by ${handle}`;
  return (
    <tr>
      <th scope="row" className="sv-post">
        <span className="sv-post__author">{handle}</span>{" "}
        <span className="sv-post__text">{item.post.text}</span>
      </th>
      <td className="num">{Math.round(item.priority)}</td>
      <td>{item.offer ? item.offer.agent.name : "nobody"}</td>
      <td>{item.sla ? item.sla.state.replace("_", " ") : "none"}</td>
      <td>
        <div className="sv-transfer">
          <select aria-label={label} value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Choose…</option>
            <optgroup label="Agents">
              {agents.map((a) => (
                <option key={a.id} value={`agent:${a.id}`}>
                  {a.name} ({a.load}/{a.capacity}, {a.presence})
                </option>
              ))}
            </optgroup>
            {others.length > 0 && (
              <optgroup label="Queues">
                {others.map((q) => (
                  <option key={q.id} value={`queue:${q.id}`}>
                    {q.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy || target === ""}
            onClick={transfer}
          >
            Transfer<span className="visually-hidden"> the post by {handle}</span>
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
