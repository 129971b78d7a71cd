/**
 * Mastodon's streaming API over WebSocket (`GET /api/v1/streaming`): one socket per source,
 * authenticated with the access token in the `Authorization` header, subscribed by sending
 * `{"type":"subscribe","stream":"user"}` and `{"type":"subscribe","stream":"hashtag","tag":…}`.
 * Each event is a text frame `{"stream":[…],"event":…,"payload":…}` whose payload is itself a
 * JSON string (for `delete`, the status id as it is). The server pings every socket (Mastodon
 * every 30 s); a socket that shows neither a frame nor a ping for the idle time is taken as dead.
 *
 * The socket's frames are buffered as they arrive and read on the connector's next pull.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { type Agent, WebSocket } from "undici";
import { z } from "zod";
import { PeerError } from "../contract.ts";
import { AddressRefused, checkUrl, type GuardPolicy } from "../net/addressGuard.ts";
import { notification, type Status, status } from "./entities.ts";

/** Frames held unread at most; past that the socket is closed (the REST catch-up reads the rest). */
const MAX_BUFFER = 50_000;
const MAX_FRAME_CHARS = 1024 * 1024;
const OPEN_TIMEOUT_MS = 30_000;

/** What one frame says, for the connector. */
export type StreamEvent =
  /** A status new on a hashtag timeline (`update` on `hashtag`). */
  | { type: "status"; tag: string; status: Status }
  /** A notification of the account (`notification` on `user`). */
  | { type: "notification"; id: string; kind: string; status?: Status }
  /** A status edited by its author (`status.update`). */
  | { type: "edit"; status: Status }
  /** A status deleted by its author (`delete`): its id. */
  | { type: "delete"; id: string }
  /** An event Parley has no use for (home timeline updates, filters, announcements…). */
  | { type: "other" }
  | { type: "unreadable"; code: string; reason: string };

const frameShape = z.object({
  stream: z.array(z.string()).optional(),
  event: z.string(),
  payload: z.string().optional(),
});

/** Reads one text frame of the stream. */
export function readStreamEvent(text: string): StreamEvent {
  if (text.length > MAX_FRAME_CHARS)
    return { type: "unreadable", code: "oversized_payload", reason: "The stream event is larger than 1 MiB" };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { type: "unreadable", code: "malformed_payload", reason: "The stream event is not valid JSON" };
  }
  if (raw && typeof raw === "object" && typeof (raw as { error?: unknown }).error === "string")
    return {
      type: "unreadable",
      code: "stream_error",
      reason: `The streaming server said: ${(raw as { error: string }).error}`,
    };
  const frame = frameShape.safeParse(raw);
  if (!frame.success)
    return { type: "unreadable", code: "malformed_payload", reason: "The stream event lacks its event name" };
  const { event, payload } = frame.data;
  const streamName = frame.data.stream ?? [];
  const wanted = ["update", "notification", "status.update", "delete"];
  if (!wanted.includes(event)) return { type: "other" };
  if (payload === undefined)
    return { type: "unreadable", code: "malformed_payload", reason: `The ${event} event has no payload` };
  if (event === "delete") {
    return /^\d{1,30}$/.test(payload)
      ? { type: "delete", id: payload }
      : { type: "unreadable", code: "malformed_payload", reason: "The delete event names no status id" };
  }
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return {
      type: "unreadable",
      code: "malformed_payload",
      reason: `The ${event} payload is not valid JSON`,
    };
  }
  if (event === "notification") {
    const n = notification.safeParse(body);
    if (!n.success)
      return {
        type: "unreadable",
        code: "malformed_payload",
        reason: "The notification lacks a field Parley needs",
      };
    return {
      type: "notification",
      id: n.data.id,
      kind: n.data.type,
      ...(n.data.status ? { status: n.data.status } : {}),
    };
  }
  // A home timeline's statuses (`update` on `user`) are what the account follows, not about it.
  if (event === "update" && !streamName[0]?.startsWith("hashtag")) return { type: "other" };
  const s = status.safeParse(body);
  if (!s.success)
    return { type: "unreadable", code: "malformed_payload", reason: "A status lacks a field Parley needs" };
  if (event === "status.update") return { type: "edit", status: s.data };
  return { type: "status", tag: (streamName[1] ?? "").toLowerCase(), status: s.data };
}

/** Sockets by the time they last showed life; undici reports pings on a diagnostics channel. */
const lastSign = new WeakMap<object, () => void>();
diagnosticsChannel.subscribe("undici:websocket:ping", (message) => {
  lastSign.get((message as { websocket?: object }).websocket ?? {})?.();
});

export interface StreamSubscription {
  stream: "user" | "hashtag";
  tag?: string;
}

/** One open socket: frames buffered until read, and why it ended once it has. */
export class LiveStream {
  private buffer: string[] = [];
  private wake: (() => void) | undefined;
  private ws: WebSocket;
  /** When the socket opened (`Date.now()`). */
  readonly openedAt: number;
  /** When a frame or a ping last arrived. */
  lastSignAt: number;
  /** Why the socket ended; undefined while it is open. */
  ended: string | undefined;

  private readonly idleMs: number;

  private constructor(ws: WebSocket, idleMs: number) {
    this.ws = ws;
    this.idleMs = idleMs;
    this.openedAt = Date.now();
    this.lastSignAt = this.openedAt;
  }

  /** Opens the socket and subscribes; `unavailable` when the server cannot be reached or refuses. */
  static async open(options: {
    url: string;
    token: string;
    subscriptions: StreamSubscription[];
    policy: GuardPolicy;
    agent: Agent;
    idleMs: number;
    signal: AbortSignal;
  }): Promise<LiveStream> {
    let url: URL;
    try {
      url = checkUrl(options.url.replace(/^ws/, "http"), options.policy);
    } catch (err) {
      if (err instanceof AddressRefused) throw new PeerError("refused", err.message);
      throw err;
    }
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(url.href, {
      dispatcher: options.agent,
      headers: { authorization: `Bearer ${options.token}`, "user-agent": "Parley" },
    });
    const live = new LiveStream(ws, options.idleMs);
    lastSign.set(ws, () => {
      live.lastSignAt = Date.now();
    });
    ws.addEventListener("message", (event) => {
      live.lastSignAt = Date.now();
      if (typeof event.data !== "string") return;
      live.buffer.push(event.data);
      if (live.buffer.length > MAX_BUFFER) live.close(`more than ${MAX_BUFFER} events waited unread`);
      live.wake?.();
    });
    const host = url.host;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(`${host} did not open the stream in time`), OPEN_TIMEOUT_MS);
      const abort = () => fail("The source stopped");
      options.signal.addEventListener("abort", abort, { once: true });
      function settle() {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", abort);
      }
      function fail(why: string) {
        settle();
        live.close(why);
        reject(new PeerError("unavailable", why));
      }
      ws.addEventListener("open", () => {
        settle();
        resolve();
      });
      ws.addEventListener("error", () => fail(`${host} could not be reached over WebSocket`));
    });
    const ended = (why: string) => {
      live.ended ??= why;
      live.wake?.();
    };
    ws.addEventListener("error", () => ended(`${host} could not be reached over WebSocket`));
    ws.addEventListener("close", (event) => ended(`${host} closed the stream (${event.code})`));
    for (const s of options.subscriptions)
      ws.send(JSON.stringify({ type: "subscribe", stream: s.stream, ...(s.tag ? { tag: s.tag } : {}) }));
    return live;
  }

  /** Waits up to `ms` for a frame, the end of the socket, or the abort; checks the idle time. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.buffer.length > 0 || this.ended) return;
    const silentFor = Date.now() - this.lastSignAt;
    const left = this.idleMs - silentFor;
    if (left <= 0) {
      this.close(`The stream showed no frame or ping for ${Math.round(silentFor / 1000)} s`);
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(ms, left));
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      this.wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
    this.wake = undefined;
  }

  /** The frames buffered since the last take. */
  take(max: number): string[] {
    return this.buffer.splice(0, max);
  }

  get pending(): number {
    return this.buffer.length;
  }

  close(why = "The source closed the stream"): void {
    this.ended ??= why;
    lastSign.delete(this.ws);
    try {
      this.ws.close();
    } catch {
      // already closing
    }
    this.wake?.();
  }
}
