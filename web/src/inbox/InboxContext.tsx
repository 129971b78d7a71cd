/**
 * The open work items, kept at app level so they stay live (and instant) while an agent is inside a
 * conversation. Live changes that land while a page is loading are replayed on top of it.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { type InboxFilterParams, inboxFilterOf } from "../../../src/domain/inboxFilter.ts";
import { ApiError, api, type WorkItemFilter, type WorkItemSort } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { useLiveListener } from "../live/LiveContext.tsx";
import { inboxHref, replaceRoute, useRoute } from "../router.ts";
import { appendPage, applyChange, type OpenList } from "./openItems.ts";

/** How a row came to change lately, so it can show it briefly. */
export type RowChange = "arrived" | "changed";
const HIGHLIGHT_MS = 2500;

interface InboxValue {
  filter: WorkItemFilter;
  setFilter(filter: WorkItemFilter): void;
  /** The queue shown, or null for every queue. */
  queue: string | null;
  setQueue(queue: string | null): void;
  sort: WorkItemSort;
  setSort(sort: WorkItemSort): void;
  /** The filter by the latest post, as the address carries it; kept while a conversation is open. */
  narrow: InboxFilterParams;
  setNarrow(narrow: InboxFilterParams): void;
  list: OpenList;
  loading: boolean;
  error: string | null;
  recentChanges: ReadonlyMap<string, RowChange>;
  /** The row the keyboard is on; kept here so it survives a visit to a conversation. */
  selectedId: string | null;
  setSelectedId(id: string | null): void;
  loadMore(): void;
  /** Applies an item the server just returned for this agent's own action. */
  applyOwnChange(item: WorkItemView): void;
}

const InboxContext = createContext<InboxValue | null>(null);
const EMPTY: OpenList = { items: [], nextCursor: null };

export function InboxProvider({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const [filter, setFilter] = useState<WorkItemFilter>("all");
  const [queue, setQueue] = useState<string | null>(null);
  const [sort, setSort] = useState<WorkItemSort>("priority");
  // The address is the filter's home: the inbox route's parameters set it, and a change of filter
  // is a change of address. Other pages leave it as it was, so the inbox comes back as it was left.
  const route = useRoute();
  const routeNarrow = route.page === "inbox" ? JSON.stringify(route.narrow) : null;
  const [narrowKey, setNarrowKey] = useState("{}");
  useEffect(() => {
    if (routeNarrow !== null) setNarrowKey(routeNarrow);
  }, [routeNarrow]);
  const narrow = useMemo(() => JSON.parse(narrowKey) as InboxFilterParams, [narrowKey]);
  const narrowing = useMemo(() => inboxFilterOf(narrow), [narrow]);
  const setNarrow = useCallback((next: InboxFilterParams) => replaceRoute(inboxHref(next)), []);
  const [list, setList] = useState<OpenList>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [recentChanges, setRecentChanges] = useState<ReadonlyMap<string, RowChange>>(new Map());
  // Changes seen while a first page is in flight; null when nothing is loading.
  const pendingChanges = useRef<WorkItemView[] | null>(null);
  const loadGeneration = useRef(0);

  const fail = useCallback(
    (failure: unknown) => {
      if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
      setError(plainErrorMessage(failure));
    },
    [signOut],
  );

  const reload = useCallback(() => {
    const generation = ++loadGeneration.current;
    pendingChanges.current = [];
    setLoading(true);
    api.openWorkItems(filter, null, queue, sort, narrow).then(
      (page) => {
        if (generation !== loadGeneration.current) return;
        const replayed = (pendingChanges.current ?? []).reduce(
          (acc, item) => applyChange(acc, item, filter, user.id, queue, sort, narrowing),
          page,
        );
        pendingChanges.current = null;
        setList(replayed);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (generation !== loadGeneration.current) return;
        pendingChanges.current = null;
        fail(failure);
        setLoading(false);
      },
    );
  }, [filter, queue, sort, narrow, narrowing, user.id, fail]);

  useEffect(reload, [reload]);

  const flag = useCallback((id: string, change: RowChange) => {
    setRecentChanges((current) => new Map(current).set(id, change));
    setTimeout(() => {
      setRecentChanges((current) => {
        const next = new Map(current);
        next.delete(id);
        return next;
      });
    }, HIGHLIGHT_MS);
  }, []);

  const applyOwnChange = useCallback(
    (item: WorkItemView) => {
      pendingChanges.current?.push(item);
      setList((current) => applyChange(current, item, filter, user.id, queue, sort, narrowing));
    },
    [filter, queue, sort, narrowing, user.id],
  );

  useLiveListener({
    onWorkItem(item, type) {
      applyOwnChange(item);
      flag(item.id, type === "work_item.created" ? "arrived" : "changed");
    },
    onResync: reload,
  });

  const loadMore = useCallback(() => {
    const cursor = list.nextCursor;
    if (!cursor) return;
    const generation = loadGeneration.current;
    setLoading(true);
    api.openWorkItems(filter, cursor, queue, sort, narrow).then(
      (page) => {
        if (generation !== loadGeneration.current) return;
        setList((current) => appendPage(current, page));
        setLoading(false);
      },
      (failure: unknown) => {
        fail(failure);
        setLoading(false);
      },
    );
  }, [filter, queue, sort, narrow, list.nextCursor, fail]);

  const value: InboxValue = {
    filter,
    setFilter,
    queue,
    setQueue,
    sort,
    setSort,
    narrow,
    setNarrow,
    list,
    loading,
    error,
    recentChanges,
    selectedId,
    setSelectedId,
    loadMore,
    applyOwnChange,
  };
  return <InboxContext value={value}>{children}</InboxContext>;
}

export function useInbox(): InboxValue {
  const inbox = useContext(InboxContext);
  if (!inbox) throw new Error("useInbox must be used inside <InboxProvider>");
  return inbox;
}
