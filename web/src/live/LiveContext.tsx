import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
} from "react";
import { LiveConnection, type LiveListener, type LiveStatus } from "./liveConnection.ts";

const LiveContext = createContext<LiveConnection | null>(null);

/** Opens the live connection while a user is signed in, and closes it on sign-out. */
export function LiveProvider({
  children,
  onUnauthenticated,
}: {
  children: ReactNode;
  onUnauthenticated(): void;
}) {
  const [connection] = useState(() => new LiveConnection(onUnauthenticated));
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return <LiveContext value={connection}>{children}</LiveContext>;
}

function useConnection(): LiveConnection {
  const connection = useContext(LiveContext);
  if (!connection) throw new Error("useLive* must be used inside <LiveProvider>");
  return connection;
}

export function useLiveStatus(): LiveStatus {
  const connection = useConnection();
  return useSyncExternalStore(
    (watcher) => connection.watchStatus(watcher),
    () => connection.status,
  );
}

/** Subscribes for the component's lifetime; the handlers always see the latest render's values. */
export function useLiveListener(listener: LiveListener): void {
  const connection = useConnection();
  const onWorkItem = useEffectEvent<NonNullable<LiveListener["onWorkItem"]>>((item, type) =>
    listener.onWorkItem?.(item, type),
  );
  const onPresence = useEffectEvent<NonNullable<LiveListener["onPresence"]>>((agent) =>
    listener.onPresence?.(agent),
  );
  const onResync = useEffectEvent(() => listener.onResync?.());
  useEffect(() => connection.subscribe({ onWorkItem, onPresence, onResync }), [connection]);
}
