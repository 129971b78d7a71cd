/**
 * The `bluesky-jetstream` kind: Bluesky's public stream of every post, read from a Jetstream
 * service (`/subscribe?wantedCollections=app.bsky.feed.post&cursor=<time_us>`). Frames are buffered
 * as they arrive and handed over on the next pull; the cursor is the `time_us` of the last event
 * handed over, so a process that stops goes on from there, and events at or before it that the
 * service plays again are passed over. The stream is mostly not about the brand: only posts that
 * match a campaign are kept. A deleted post is handed over as withdrawn: its text leaves Parley.
 * An edited post (a commit `update` of its record) is handed over as edited, so a stored post
 * takes the new text, and among the batch's posts, so an edit that now names the brand is kept.
 * Deletes and edits made while no socket was open are not lost: the service plays them again from
 * the cursor like every other event.
 */
import { Agent, WebSocket } from "undici";
import { z } from "zod";
import type { NormalizedPost } from "../../domain/post.ts";
import { isParleyError } from "../../errors.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import type {
  Batch,
  ConnectionCheck,
  Connector,
  ConnectorKind,
  PullContext,
  Reject,
  SourceConfig,
} from "../contract.ts";
import { isPeerError, PeerError } from "../contract.ts";
import { AddressRefused, checkUrl, guardedLookup, type Resolver } from "../net/addressGuard.ts";
import { POST_COLLECTION, readJetstreamEvent } from "./jetstreamEvents.ts";

export const jetstreamSettings = z.object({
  /** The service's subscribe address. */
  url: z
    .url({ protocol: /^wss?$/, error: "Jetstream's address must be a ws or wss URL" })
    .max(2048)
    .default("wss://jetstream2.us-east.bsky.network/subscribe"),
  /** Lets the source reach a private or loopback address (a Jetstream of one's own). */
  allowPrivateNetwork: z.boolean().default(false),
});
export type JetstreamSettings = z.output<typeof jetstreamSettings>;

/** Events handed over per pull at most. */
const BATCH = 5000;
/** Frames held unread at most; past that the socket is closed and opened again from the cursor. */
const MAX_BUFFER = 200_000;
/** How long a pull waits for the first event. */
const WAIT_MS = 1000;
const MAX_FRAME_BYTES = 1024 * 1024;
const REJECT_PAYLOAD_CHARS = 4096;

export interface JetstreamOptions {
  resolver?: Resolver;
  batch?: number;
  waitMs?: number;
}

function readCursor(text: string | null): number | null {
  if (!text) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function createJetstreamConnector(
  source: SourceConfig<JetstreamSettings>,
  options: JetstreamOptions = {},
): Connector {
  const policy = { allowPrivateNetwork: source.settings.allowPrivateNetwork, resolver: options.resolver };
  const batchSize = options.batch ?? BATCH;
  const waitMs = options.waitMs ?? WAIT_MS;
  let agent: Agent | undefined;
  let socket: WebSocket | undefined;
  let failure: string | undefined;
  let buffer: string[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  /** The newest time handed over (or the saved cursor): what comes again at or before it is passed over. */
  let handedUpTo: number | null = null;
  /** The newest time buffered: a socket opened again starts after it. */
  let bufferedUpTo: number | null = null;
  const handles = new Map<string, string>();

  function open(from: number | null): void {
    let url: URL;
    try {
      url = checkUrl(source.settings.url.replace(/^ws/, "http"), policy);
    } catch (err) {
      if (err instanceof AddressRefused) throw new PeerError("refused", err.message);
      throw err;
    }
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("wantedCollections", POST_COLLECTION);
    if (from !== null) url.searchParams.set("cursor", String(from));
    agent ??= new Agent({ connect: { lookup: guardedLookup(policy) } });
    const ws = new WebSocket(url.href, { dispatcher: agent });
    failure = undefined;
    ws.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      buffer.push(event.data);
      if (buffer.length - head > MAX_BUFFER) ws.close();
      wake?.();
    });
    const ended = (why: string) => {
      if (socket === ws) socket = undefined;
      failure ??= why;
      wake?.();
    };
    ws.addEventListener("error", () => ended(`${url.host} could not be reached over WebSocket`));
    ws.addEventListener("close", (event) => ended(`${url.host} closed the stream (${event.code})`));
    socket = ws;
  }

  async function waitForFrames(signal: AbortSignal): Promise<void> {
    if (buffer.length > head) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        wake = undefined;
        resolve();
      }
      wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  return {
    async pull(cursorText, context: PullContext): Promise<Batch> {
      const saved = readCursor(cursorText);
      handedUpTo ??= saved;
      if (!socket && buffer.length === head) open(bufferedUpTo ?? handedUpTo);
      await waitForFrames(context.signal);
      if (buffer.length === head && !socket) {
        const why = failure ?? "The stream ended";
        failure = undefined;
        throw new PeerError("unavailable", why);
      }
      const posts: NormalizedPost[] = [];
      const rejects: Reject[] = [];
      const withdrawn: string[] = [];
      const edited: NormalizedPost[] = [];
      const end = Math.min(buffer.length, head + batchSize);
      let last = handedUpTo;
      for (let i = head; i < end; i++) {
        const text = buffer[i]!;
        if (text.length > MAX_FRAME_BYTES) {
          rejects.push({
            code: "oversized_payload",
            reason: "The event is larger than 1 MiB",
            payload: text.slice(0, REJECT_PAYLOAD_CHARS),
          });
          continue;
        }
        const event = readJetstreamEvent(text, (did) => handles.get(did));
        if (event.timeUs !== undefined) {
          if (last !== null && event.timeUs <= last) continue;
          last = event.timeUs;
          bufferedUpTo = Math.max(bufferedUpTo ?? 0, event.timeUs);
        }
        if (event.type === "unreadable") {
          rejects.push({
            code: event.code,
            reason: event.reason,
            payload: text.slice(0, REJECT_PAYLOAD_CHARS),
          });
        } else if (event.type === "identity") handles.set(event.did, event.handle);
        else if (event.type === "delete") withdrawn.push(event.uri);
        else if (event.type === "post") {
          try {
            const post = normalizePost(event.draft);
            if (event.hashtags.length) post.hashtags = [...new Set([...post.hashtags, ...event.hashtags])];
            posts.push(post);
            if (event.update) edited.push(post);
          } catch (err) {
            if (!isParleyError(err)) throw err;
            rejects.push({
              code: err.code,
              reason: err.message,
              payload: text.slice(0, REJECT_PAYLOAD_CHARS),
            });
          }
        }
      }
      head = end;
      if (head === buffer.length) {
        buffer = [];
        head = 0;
      } else if (head > 50_000) {
        buffer = buffer.slice(head);
        head = 0;
      }
      handedUpTo = last;
      const newest = last !== null ? new Date(Math.floor(last / 1000)) : undefined;
      return {
        posts,
        rejects,
        ...(withdrawn.length ? { withdrawn } : {}),
        ...(edited.length ? { edited } : {}),
        cursor: last !== null ? String(last) : null,
        ...(newest && posts.length ? { newestAt: newest } : {}),
        idleMs: 0,
      };
    },
    /** Opens the stream live, counts what arrives in a few seconds, and closes it; stores nothing. */
    async check(context: PullContext): Promise<ConnectionCheck> {
      const found: string[] = [];
      const problems: string[] = [];
      try {
        open(null);
      } catch (err) {
        if (!isPeerError(err)) throw err;
        return { ok: false, found, problems: [err.message] };
      }
      const started = Date.now();
      const end = started + CHECK_MS;
      while (Date.now() < end && !context.signal.aborted && socket && buffer.length - head < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const events = buffer.length - head;
      const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
      if (events > 0) {
        const posts = buffer.slice(head).filter((t) => t.includes('"app.bsky.feed.post"')).length;
        found.push(
          `${new URL(source.settings.url).host} streams: ${events} events in ${seconds} s, ${posts} of them posts`,
        );
      } else if (!socket) problems.push(failure ?? "The stream ended");
      else found.push(`Connected to ${new URL(source.settings.url).host}; no event in ${seconds} s`);
      socket?.close();
      socket = undefined;
      buffer = [];
      head = 0;
      return { ok: problems.length === 0, found, problems };
    },
    async close() {
      socket?.close();
      socket = undefined;
      await agent?.close().catch(() => undefined);
    },
  };
}

/** How long a connection test listens. */
const CHECK_MS = 3000;

export const jetstreamKind: ConnectorKind<JetstreamSettings> = {
  kind: "bluesky-jetstream",
  label: "Bluesky (every public post, through Jetstream)",
  platform: "bluesky",
  mode: "stream",
  requireMatch: true,
  settings: jetstreamSettings,
  credentials: [],
  create: (source) => createJetstreamConnector(source),
};
