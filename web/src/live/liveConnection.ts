/**
 * One WebSocket to /api/live for the whole app. It reconnects with capped exponential backoff and
 * jitter, and tells listeners when it came back so they can refetch what they may have missed.
 */
import type { LiveMessage, PresenceMessage, WorkItemView } from "../api/types.ts";

export type LiveStatus = "connecting" | "live" | "reconnecting";

/** Close code the server uses when the socket has no valid session. */
const UNAUTHENTICATED_CLOSE = 4401;

export interface LiveListener {
  onWorkItem?(item: WorkItemView, type: LiveMessage["type"]): void;
  /** An agent's presence changed: every agent's for supervisors and admins, one's own for the others. */
  onPresence?(agent: PresenceMessage["agent"]): void;
  /** Called after a dropped connection is restored: events may have been missed meanwhile. */
  onResync?(): void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/** Messages about the connection itself: caught up from the last seen event, or reload instead. */
type ControlMessage = { type: "resync" } | { type: "caught_up"; seq: number };

function isControl(value: unknown): value is ControlMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "resync" || type === "caught_up";
}

function isPresenceMessage(value: unknown): value is PresenceMessage {
  if (typeof value !== "object" || value === null) return false;
  const { type, agent } = value as { type?: unknown; agent?: { id?: unknown; presence?: unknown } | null };
  return type === "agent.presence" && typeof agent?.id === "string" && typeof agent.presence === "string";
}

function isLiveMessage(value: unknown): value is LiveMessage {
  if (typeof value !== "object" || value === null) return false;
  const { type, workItem } = value as { type?: unknown; workItem?: unknown };
  return (
    (type === "work_item.created" || type === "work_item.updated") &&
    typeof workItem === "object" &&
    workItem !== null
  );
}

export class LiveConnection {
  #socket: WebSocket | null = null;
  #status: LiveStatus = "connecting";
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #everConnected = false;
  /** The last event seen: a reconnect asks for what came after it. */
  #lastSeq: number | null = null;
  readonly #onUnauthenticated: () => void;
  readonly #listeners = new Set<LiveListener>();
  readonly #statusWatchers = new Set<() => void>();

  constructor(onUnauthenticated: () => void) {
    this.#onUnauthenticated = onUnauthenticated;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  start(): void {
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close();
    this.#socket = null;
  }

  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  watchStatus(watcher: () => void): () => void {
    this.#statusWatchers.add(watcher);
    return () => this.#statusWatchers.delete(watcher);
  }

  #setStatus(status: LiveStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const watcher of this.#statusWatchers) watcher();
  }

  #open(): void {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    // After a drop, the server replays what changed since the last event seen; without one, the
    // listeners reload.
    const after = this.#everConnected && this.#lastSeq !== null ? `?after=${this.#lastSeq}` : "";
    const socket = new WebSocket(`${scheme}//${location.host}/api/live${after}`);
    this.#socket = socket;
    socket.addEventListener("open", () => {
      this.#attempt = 0;
      this.#setStatus("live");
      if (this.#everConnected && !after) for (const listener of this.#listeners) listener.onResync?.();
      this.#everConnected = true;
    });
    socket.addEventListener("message", (event) => this.#deliver(event.data));
    socket.addEventListener("close", (event) => {
      if (this.#socket !== socket || this.#stopped) return;
      this.#socket = null;
      // Retrying cannot fix an expired session; the user has to sign in again.
      if (event.code === UNAUTHENTICATED_CLOSE) {
        this.#onUnauthenticated();
        return;
      }
      this.#setStatus("reconnecting");
      this.#scheduleRetry();
    });
  }

  #scheduleRetry(): void {
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#attempt);
    this.#attempt += 1;
    // Jitter spreads reconnects so a restarted server is not hit by every agent at once.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #deliver(data: unknown): void {
    if (typeof data !== "string") return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (isControl(message)) {
      if (message.type === "resync") for (const listener of this.#listeners) listener.onResync?.();
      else this.#lastSeq = Math.max(this.#lastSeq ?? 0, message.seq);
      return;
    }
    if (isPresenceMessage(message)) {
      if (typeof message.seq === "number") this.#lastSeq = Math.max(this.#lastSeq ?? 0, message.seq);
      for (const listener of this.#listeners) listener.onPresence?.(message.agent);
      return;
    }
    if (!isLiveMessage(message)) return;
    if (typeof message.seq === "number") this.#lastSeq = Math.max(this.#lastSeq ?? 0, message.seq);
    for (const listener of this.#listeners) listener.onWorkItem?.(message.workItem, message.type);
  }
}
