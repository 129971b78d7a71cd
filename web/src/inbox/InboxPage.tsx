import { useEffect } from "react";
import { useSession } from "../auth/SessionContext.tsx";
import { conversationHref, navigate } from "../router.ts";
import { RoutingBar } from "../routing/RoutingBar.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { useHotkeys } from "../shell/useHotkeys.ts";
import { useNow } from "../shell/useNow.ts";
import { FilterSwitch, SortSwitch } from "./FilterSwitch.tsx";
import { useInbox } from "./InboxContext.tsx";
import { InboxFilterBar } from "./InboxFilterBar.tsx";
import { InboxRow } from "./InboxRow.tsx";

export function InboxPage() {
  const { user } = useSession();
  const {
    filter,
    setFilter,
    sort,
    setSort,
    narrow,
    list,
    loading,
    error,
    recentChanges,
    selectedId,
    setSelectedId,
    loadMore,
  } = useInbox();
  const now = useNow();

  useEffect(() => {
    document.title = list.items.length > 0 ? `(${list.items.length}) Inbox · Parley` : "Inbox · Parley";
  }, [list.items.length]);

  // Back from a conversation, the keyboard picks up on the row it left.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival, not on every selection
  useEffect(() => {
    if (selectedId) focusRow(selectedId);
  }, []);

  function moveSelection(step: number) {
    if (list.items.length === 0) return;
    const at = list.items.findIndex((item) => item.id === selectedId);
    const next = at === -1 ? 0 : Math.max(0, Math.min(list.items.length - 1, at + step));
    const item = list.items[next];
    if (!item) return;
    setSelectedId(item.id);
    focusRow(item.id);
  }

  useHotkeys({
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    arrowdown: () => moveSelection(1),
    arrowup: () => moveSelection(-1),
    m: () => setFilter("mine"),
    a: () => setFilter("all"),
    o: () => {
      const item = list.items.find((candidate) => candidate.id === selectedId);
      if (item) navigate(conversationHref(item.conversationId, item.id));
    },
  });

  return (
    <main className="inbox" aria-labelledby="inbox-title">
      <header className="page-header">
        <h1 id="inbox-title">Inbox</h1>
        <FilterSwitch value={filter} onChange={setFilter} />
        <SortSwitch value={sort} onChange={setSort} />
        <span className="page-header__meta" aria-live="polite">
          {loading ? "Loading…" : `${list.items.length}${list.nextCursor ? "+" : ""} open`}
        </span>
        <span className="page-header__hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>a</kbd>/<kbd>m</kbd> all/mine
        </span>
      </header>
      <ErrorBanner error={error} />
      <InboxFilterBar />
      <RoutingBar />
      <div className="inbox__scroller">
        <table className="inbox-table">
          <caption className="visually-hidden">
            {sort === "breach"
              ? "Open work items, soonest to breach their SLA first, then oldest first"
              : "Open work items, highest priority first, then oldest first"}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="col-priority">
                Prio
              </th>
              <th scope="col" className="col-platform">
                <span className="visually-hidden">Platform</span>
              </th>
              <th scope="col" className="col-post">
                Author and post
              </th>
              <th scope="col" className="col-intent">
                Intent
              </th>
              <th scope="col" className="col-sentiment">
                Sentiment
              </th>
              <th scope="col" className="col-urgency">
                Urgency
              </th>
              <th scope="col" className="col-age">
                Age
              </th>
              <th scope="col" className="col-sla">
                SLA
              </th>
              <th scope="col" className="col-state">
                State
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <InboxRow
                key={item.id}
                item={item}
                userId={user.id}
                now={now}
                selected={item.id === selectedId}
                change={recentChanges.get(item.id)}
                onSelect={() => setSelectedId(item.id)}
              />
            ))}
          </tbody>
        </table>
        {!loading && list.items.length === 0 && !error && (
          <p className="empty">
            {Object.keys(narrow).length > 0
              ? "No open work item matches the filter."
              : filter === "mine"
                ? "You hold no open work items."
                : "Nothing waiting. New posts that need the brand appear here as they arrive."}
          </p>
        )}
        {list.nextCursor && (
          <button type="button" className="button load-more" onClick={loadMore} disabled={loading}>
            Load more
          </button>
        )}
      </div>
    </main>
  );
}

function focusRow(workItemId: string): void {
  document.querySelector<HTMLElement>(`[data-work-item-id="${CSS.escape(workItemId)}"] .row-link`)?.focus();
}
