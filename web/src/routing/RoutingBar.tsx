/**
 * The agent's routing controls above the inbox: presence, take the next best item, the queue
 * filter, and the items offered to them with accept and decline.
 */
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { Presence, QueueView, WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { useInbox } from "../inbox/InboxContext.tsx";
import { useLiveListener } from "../live/LiveContext.tsx";
import { conversationHref, navigate } from "../router.ts";
import { useHotkeys } from "../shell/useHotkeys.ts";

const PRESENCE_WORDS: Record<Presence, string> = { available: "Available", away: "Away", offline: "Offline" };

export function RoutingBar() {
  const { user } = useSession();
  const { queue, setQueue, applyOwnChange } = useInbox();
  const [presence, setPresence] = useState<Presence | null>(null);
  const [queues, setQueues] = useState<QueueView[]>([]);
  const [offers, setOffers] = useState<WorkItemView[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handles = user.role !== "analyst";

  const loadOffers = useCallback(() => {
    if (handles)
      api.myOffers().then(
        (page) => setOffers(page.items),
        () => undefined,
      );
  }, [handles]);

  useEffect(() => {
    if (!handles) return;
    api.myRouting().then(
      (me) => setPresence(me.presence),
      () => undefined,
    );
    api.queues().then(
      (list) => setQueues(list.items),
      () => undefined,
    );
    loadOffers();
  }, [handles, loadOffers]);

  useLiveListener({
    onWorkItem(item) {
      setOffers((current) => {
        const rest = current.filter((offer) => offer.id !== item.id);
        return item.state === "new" && item.offer?.agent.id === user.id ? [...rest, item] : rest;
      });
    },
    // Away after being idle is set by the server: the select follows it.
    onPresence(agent) {
      if (agent.id === user.id) setPresence(agent.presence);
    },
    onResync() {
      loadOffers();
      api.myRouting().then(
        (me) => setPresence(me.presence),
        () => undefined,
      );
    },
  });

  async function act(work: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (failure) {
      setMessage(plainErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const changePresence = (next: Presence) =>
    act(async () => {
      setPresence((await api.setPresence(next)).presence);
    });

  const takeNext = () =>
    act(async () => {
      const { item } = await api.takeNext();
      if (!item) {
        setMessage("Nothing waiting that you can take now.");
        return;
      }
      applyOwnChange(item);
      navigate(conversationHref(item.conversationId, item.id));
    });

  const answer = (item: WorkItemView, accept: boolean) =>
    act(async () => {
      const updated = accept ? await api.accept(item.id) : await api.decline(item.id);
      applyOwnChange(updated);
      setOffers((current) => current.filter((offer) => offer.id !== item.id));
      if (accept) navigate(conversationHref(updated.conversationId, updated.id));
    });

  useHotkeys({ n: () => handles && takeNext() });

  if (!handles) return null;
  return (
    <section className="routing-bar" aria-label="Routing">
      <div className="routing-bar__controls">
        <label className="field field--inline">
          <span>Presence</span>
          <select
            value={presence ?? ""}
            disabled={presence === null || busy}
            onChange={(event) => changePresence(event.target.value as Presence)}
          >
            {(Object.keys(PRESENCE_WORDS) as Presence[]).map((p) => (
              <option key={p} value={p}>
                {PRESENCE_WORDS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>Queue</span>
          <select value={queue ?? ""} onChange={(event) => setQueue(event.target.value || null)}>
            <option value="">All queues</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--primary" disabled={busy} onClick={takeNext}>
          Take next <kbd>n</kbd>
        </button>
        <span className="routing-bar__message" role="status">
          {message}
        </span>
      </div>
      {offers.length > 0 && (
        <ul className="offers" aria-label="Offered to you">
          {offers.map((item) => (
            <li key={item.id} className="offer">
              <span className="offer__text">
                <strong>{item.post.author.handle}</strong> {item.post.text}
              </span>
              <span className="offer__until">
                until {new Date(item.offer!.expiresAt).toLocaleTimeString()}
              </span>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => answer(item, true)}
              >
                Accept
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => answer(item, false)}>
                Decline
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
