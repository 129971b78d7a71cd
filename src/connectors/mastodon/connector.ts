/**
 * Reading a Mastodon account's mentions, hashtag timelines and keyword searches, and answering in
 * the thread. Each stream keeps its own place in the cursor (the newest id read): a pull asks for
 * what is just newer (`min_id`) and follows the `Link` header's `prev` page while pages come full,
 * so nothing is skipped however much arrived; a first pull starts from the newest page. The
 * peer's `X-RateLimit-*` headers pace the polls, and 429, 5xx and silence reach the runner as
 * `PeerError`s. A reply is `POST /api/v1/statuses` with `in_reply_to_id` and the reply's
 * idempotency key as `Idempotency-Key`, which the instance remembers for an hour.
 *
 * Streaming has no replay: a delete or an edit sent while no socket was open is never sent again.
 * So the cursor keeps the statuses handed over in the last hours (`recent`), and each time a socket
 * opens (after a cut, or when the source starts) they are read again one by one
 * (`GET /api/v1/statuses/:id`): one the instance answers 404 or 410 for is gone, and is handed over
 * as withdrawn; the others as they read now, as edited (an unchanged text changes nothing).
 */

import { Agent } from "undici";
import { backoffMs } from "../../domain/clock.ts";
import type { NormalizedPost } from "../../domain/post.ts";
import { isParleyError } from "../../errors.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import type {
  Batch,
  ConnectionCheck,
  Connector,
  OutgoingReply,
  PullContext,
  Reject,
  SentReply,
  SourceConfig,
} from "../contract.ts";
import { isPeerError, PeerError } from "../contract.ts";
import { htmlToText } from "../feed/htmlText.ts";
import { guardedLookup, type Resolver } from "../net/addressGuard.ts";
import { createGuardedFetch, type FetchLike } from "../net/guardedFetch.ts";
import { OversizedBody, type PeerResponse, peerRequest } from "../peer.ts";
import {
  compareIds,
  linkTarget,
  notification,
  type Status,
  status,
  statusTags,
  statusToDraft,
} from "./entities.ts";
import type { MastodonSettings } from "./settings.ts";
import { LiveStream, readStreamEvent } from "./streaming.ts";

/** Items per page: the most notifications and timelines give at once (40; notifications 80). */
const PAGE = 40;
/** Pages read per stream and pull; more waits for the next pull, which comes at once. */
const MAX_PAGES = 5;
const REJECT_PAYLOAD_CHARS = 4096;
/** How long a streaming pull waits for an event before handing over an empty batch. */
const STREAM_WAIT_MS = 5000;
/** Stream events handed over per pull at most. */
const STREAM_BATCH = 2000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** How long a status handed over stays in the cursor to be read again when a socket opens. */
const RECHECK_WINDOW_MS = 6 * 60 * 60_000;
/** Statuses kept for it at most (the newest): one request each per reopened socket. */
const RECHECK_MAX = 60;

export interface MastodonConnectorOptions {
  timeoutMs?: number;
  maxBytes?: number;
  resolver?: Resolver;
  fetch?: FetchLike;
}

interface Cursor {
  instance: string;
  /** Per stream (`mentions`, `tag:<name>`, `search:<words>`), the newest id read. */
  streams: Record<string, string>;
  /** Statuses handed over lately, with when (ms since the epoch): read again when a socket opens. */
  recent?: [string, number][];
}

/** Keeps `ids` in the cursor's recent statuses as seen at `now`; drops the old and the surplus. */
function remember(cursor: Cursor, ids: Iterable<string>, now: number): void {
  const seen = new Map(cursor.recent ?? []);
  for (const id of ids) seen.set(id, now);
  const kept = [...seen].filter(([, at]) => now - at <= RECHECK_WINDOW_MS);
  kept.sort(([a], [b]) => compareIds(a, b));
  cursor.recent = kept.slice(-RECHECK_MAX);
}

function forget(cursor: Cursor, ids: readonly string[]): void {
  if (!cursor.recent || ids.length === 0) return;
  const gone = new Set(ids);
  cursor.recent = cursor.recent.filter(([id]) => !gone.has(id));
}

function readCursor(text: string | null, instance: string): Cursor {
  if (text) {
    try {
      const parsed = JSON.parse(text) as Cursor;
      if (parsed.instance === instance && parsed.streams && typeof parsed.streams === "object") {
        const recent = Array.isArray(parsed.recent)
          ? parsed.recent.filter(
              (e): e is [string, number] =>
                Array.isArray(e) && typeof e[0] === "string" && Number.isFinite(e[1]),
            )
          : [];
        return { instance, streams: parsed.streams, ...(recent.length ? { recent } : {}) };
      }
    } catch {
      // A cursor from elsewhere starts afresh.
    }
  }
  return { instance, streams: {} };
}

interface Stream {
  key: string;
  path: string;
  params: Record<string, string | string[]>;
  /** Statuses of a page's items. */
  read(items: unknown): { ids: string[]; statuses: unknown[] };
  /** Searches answer no `Link` header: only the first page of what is newer. */
  paged: boolean;
}

function streamsOf(settings: MastodonSettings): Stream[] {
  const list: Stream[] = [];
  const fromArray = (items: unknown) => {
    if (!Array.isArray(items)) throw new Unreadable("unsupported_payload", "The answer is not a list");
    return items;
  };
  if (settings.mentions) {
    list.push({
      key: "mentions",
      path: "/api/v1/notifications",
      params: { "types[]": ["mention"] },
      paged: true,
      read: (items) => {
        const ids: string[] = [];
        const statuses: unknown[] = [];
        for (const item of fromArray(items)) {
          const parsed = notification.safeParse(item);
          if (!parsed.success) {
            statuses.push(item);
            continue;
          }
          ids.push(parsed.data.id);
          if (parsed.data.type === "mention" && parsed.data.status) statuses.push(parsed.data.status);
        }
        return { ids, statuses };
      },
    });
  }
  for (const tag of settings.hashtags) {
    list.push({
      key: `tag:${tag.toLowerCase()}`,
      path: `/api/v1/timelines/tag/${encodeURIComponent(tag)}`,
      params: {},
      paged: true,
      read: (items) => {
        const all = fromArray(items);
        return {
          ids: all.flatMap((s) => (typeof (s as Status)?.id === "string" ? [(s as Status).id] : [])),
          statuses: all,
        };
      },
    });
  }
  for (const words of settings.keywords) {
    list.push({
      key: `search:${words.toLowerCase()}`,
      path: "/api/v2/search",
      params: { q: words, type: "statuses", resolve: "false" },
      paged: false,
      read: (body) => {
        const found = (body as { statuses?: unknown })?.statuses;
        const all = fromArray(found);
        return {
          ids: all.flatMap((s) => (typeof (s as Status)?.id === "string" ? [(s as Status).id] : [])),
          statuses: all,
        };
      },
    });
  }
  return list;
}

class Unreadable extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function cut(text: string): string {
  return text.length > REJECT_PAYLOAD_CHARS ? text.slice(0, REJECT_PAYLOAD_CHARS) : text;
}

/** The `error` of a Mastodon error body (`{"error": "…"}`), else the status. */
function peerReason(response: PeerResponse): string {
  try {
    const body = JSON.parse(response.body.toString("utf8")) as { error?: unknown };
    if (typeof body.error === "string") return `${body.error} (HTTP ${response.status})`;
  } catch {
    // not JSON
  }
  return `HTTP ${response.status}`;
}

export function createMastodonConnector(
  source: SourceConfig<MastodonSettings>,
  options: MastodonConnectorOptions = {},
): Connector {
  const settings = source.settings;
  const base = settings.instanceUrl;
  const interval = settings.pollIntervalSeconds * 1000;
  const token = source.credentials.accessToken;
  const guarded = createGuardedFetch({
    allowPrivateNetwork: settings.allowPrivateNetwork,
    resolver: options.resolver,
    fetch: options.fetch,
  });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const policy = { allowPrivateNetwork: settings.allowPrivateNetwork, resolver: options.resolver };

  function call(url: string, context: PullContext, init: RequestInit = {}): Promise<PeerResponse> {
    if (!token) throw new PeerError("refused", "The source has no access token");
    return peerRequest(url, {
      clock: context.clock,
      signal: context.signal,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxBytes,
      fetch: guarded.fetch as typeof fetch,
      init: {
        ...init,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${token}`,
          "user-agent": "Parley",
          ...(init.headers as Record<string, string> | undefined),
        },
      },
    });
  }

  function urlOf(stream: Stream, extra: Record<string, string>): string {
    const url = new URL(`${base}${stream.path}`);
    for (const [name, value] of Object.entries({ ...stream.params, ...extra })) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
    }
    return url.href;
  }

  /** Reads one stream from its place; the posts, rejects and its new place. */
  async function readStream(
    stream: Stream,
    since: string | undefined,
    context: PullContext,
  ): Promise<{
    posts: NormalizedPost[];
    rejects: Reject[];
    newest?: string;
    more: boolean;
    remaining?: number;
    resetAt?: number;
  }> {
    const posts: NormalizedPost[] = [];
    const rejects: Reject[] = [];
    let newest = since;
    let url: string | undefined = urlOf(stream, { limit: String(PAGE), ...(since ? { min_id: since } : {}) });
    let pages = 0;
    let more = false;
    let limits: PeerResponse["limits"] = {};
    while (url && pages < MAX_PAGES) {
      pages += 1;
      let response: PeerResponse;
      try {
        response = await call(url, context);
      } catch (err) {
        if (!(err instanceof OversizedBody)) throw err;
        rejects.push({
          code: "oversized_payload",
          reason: `The answer is larger than ${maxBytes} bytes`,
          payload: url,
        });
        break;
      }
      limits = response.limits;
      if (
        response.status === 404 ||
        response.status === 410 ||
        response.status === 422 ||
        response.status >= 400
      ) {
        throw new PeerError("refused", `${stream.path} was refused: ${peerReason(response)}`);
      }
      let page: { ids: string[]; statuses: unknown[] };
      try {
        let body: unknown;
        try {
          body = JSON.parse(response.body.toString("utf8"));
        } catch {
          throw new Unreadable("malformed_payload", "The answer is not valid JSON");
        }
        page = stream.read(body);
      } catch (err) {
        if (!(err instanceof Unreadable)) throw err;
        rejects.push({ code: err.code, reason: err.message, payload: cut(response.body.toString("utf8")) });
        break;
      }
      for (const item of page.statuses) {
        const parsed = status.safeParse(item);
        if (!parsed.success) {
          rejects.push({
            code: "malformed_payload",
            reason: "A status lacks a field Parley needs",
            payload: cut(JSON.stringify(item) ?? ""),
          });
          continue;
        }
        try {
          const post = normalizePost(statusToDraft(parsed.data));
          const tags = statusTags(parsed.data);
          post.mentions = [...new Set([...post.mentions, ...tags.mentions])];
          post.hashtags = [...new Set([...post.hashtags, ...tags.hashtags])];
          posts.push(post);
        } catch (err) {
          if (!isParleyError(err)) throw err;
          rejects.push({ code: err.code, reason: err.message, payload: cut(JSON.stringify(item)) });
        }
      }
      // Searches give no ids to page by: only what is newer than the place counts.
      for (const id of page.ids) if (!newest || compareIds(id, newest) > 0) newest = id;
      if (!since) {
        // A first read takes the newest page and starts from there; from an empty stream, from
        // its beginning, so what arrives before the next pull is all read.
        newest ??= "0";
        break;
      }
      const full = page.ids.length >= PAGE;
      url = stream.paged && full ? linkTarget(response.headers.get("link"), "prev") : undefined;
      more = Boolean(url) && pages >= MAX_PAGES;
    }
    if (!stream.paged && since) {
      // A search answers by relevance or newest first, not only what is newer than the place.
      return {
        posts: posts.filter((p) => compareIds(p.platformId, since) > 0),
        rejects,
        newest,
        more,
        ...limits,
      };
    }
    return { posts, rejects, newest, more, ...limits };
  }

  /** Reads the given REST streams from the cursor's places, moving them on in `cursor`. */
  async function poll(cursor: Cursor, streams: Stream[], context: PullContext) {
    const posts: NormalizedPost[] = [];
    const rejects: Reject[] = [];
    let more = false;
    let waitUntil = 0;
    for (const stream of streams) {
      const read = await readStream(stream, cursor.streams[stream.key], context);
      posts.push(...read.posts);
      rejects.push(...read.rejects);
      if (read.newest) cursor.streams[stream.key] = read.newest;
      more ||= read.more;
      // The window is spent: the next poll waits for it to reset.
      if (read.remaining === 0 && read.resetAt) waitUntil = Math.max(waitUntil, read.resetAt);
    }
    return { posts, rejects, more, waitUntil };
  }

  function batchOf(
    cursor: Cursor,
    read: { posts: NormalizedPost[]; rejects: Reject[]; edited?: NormalizedPost[]; withdrawn?: string[] },
    idleMs: number,
  ): Batch {
    const newest = read.posts.reduce<number>((max, p) => Math.max(max, p.createdAt.getTime()), 0);
    return {
      posts: read.posts,
      rejects: read.rejects,
      ...(read.edited?.length ? { edited: read.edited } : {}),
      ...(read.withdrawn?.length ? { withdrawn: read.withdrawn } : {}),
      cursor: JSON.stringify(cursor),
      ...(newest > 0 ? { newestAt: new Date(newest) } : {}),
      idleMs,
    };
  }

  /**
   * Reads again the statuses handed over lately (the cursor's `recent`), for what changed while
   * no socket was open: gone ones are withdrawn, the rest handed over as they read now.
   */
  async function recheck(cursor: Cursor, context: PullContext) {
    const edited: NormalizedPost[] = [];
    const withdrawn: string[] = [];
    const rejects: Reject[] = [];
    const now = context.clock.now();
    for (const [id, at] of cursor.recent ?? []) {
      if (now - at > RECHECK_WINDOW_MS) continue;
      const response = await call(`${base}/api/v1/statuses/${encodeURIComponent(id)}`, context);
      if (response.status === 404 || response.status === 410) {
        withdrawn.push(id);
        continue;
      }
      if (response.status !== 200) continue;
      let parsed: Status | undefined;
      try {
        parsed = status.parse(JSON.parse(response.body.toString("utf8")));
      } catch {
        rejects.push({
          code: "malformed_payload",
          reason: "A status read again lacks a field Parley needs",
          payload: cut(response.body.toString("utf8")),
        });
        continue;
      }
      try {
        edited.push(normalizePost(statusToDraft(parsed)));
      } catch (err) {
        if (!isParleyError(err)) throw err;
        rejects.push({ code: err.code, reason: err.message, payload: cut(response.body.toString("utf8")) });
      }
    }
    forget(cursor, withdrawn);
    remember(cursor, [], now);
    return { edited, withdrawn, rejects };
  }

  const all = streamsOf(settings);
  // What the streaming API carries: mentions on `user`, hashtags on `hashtag`; searches stay polled.
  const streamed = settings.streaming
    ? all.filter((s) => s.key === "mentions" || s.key.startsWith("tag:"))
    : [];
  const polledAlways = all.filter((s) => !streamed.includes(s));
  let agent: Agent | undefined;
  let live: LiveStream | undefined;
  let streamingUrl: string | undefined;
  /** The REST catch-up of the streamed timelines is not done yet for the open socket. */
  let catchingUp = true;
  /** The statuses seen lately are not read again yet for the open socket. */
  let rechecking = true;
  let lastPollAt = Number.NEGATIVE_INFINITY;
  /** Sockets in a row that ended within a minute of opening; their reopening backs off. */
  let shortLived = 0;
  let reopenAt = 0;

  /**
   * The streaming server's address, as `/api/v2/instance` names it; the instance's own when it
   * names none or has no such endpoint (servers before 4.0). 401, 403, 429 and 5xx are the
   * `PeerError`s every request gives.
   */
  async function streamingBase(context: PullContext): Promise<string> {
    if (streamingUrl) return streamingUrl;
    const response = await call(`${base}/api/v2/instance`, context);
    let found: string | undefined;
    if (response.status === 200) {
      try {
        const body = JSON.parse(response.body.toString("utf8")) as {
          configuration?: { urls?: { streaming?: unknown } };
        };
        const named = body.configuration?.urls?.streaming;
        if (typeof named === "string" && /^wss?:\/\//.test(named)) found = named.replace(/\/+$/, "");
      } catch {
        // An instance that says nothing readable streams where it answers.
      }
    }
    streamingUrl = found ?? base.replace(/^http/, "ws");
    return streamingUrl;
  }

  async function pullStreaming(cursorText: string | null, context: PullContext): Promise<Batch> {
    const cursor = readCursor(cursorText, base);
    if (!live || live.ended) {
      if (live?.ended) {
        const why = live.ended;
        const lived = Date.now() - live.openedAt;
        shortLived = lived < 60_000 ? shortLived + 1 : 0;
        reopenAt =
          shortLived > 0 ? Date.now() + backoffMs(shortLived, { baseMs: 2000, maxMs: 5 * 60_000 }) : 0;
        live = undefined;
        // What arrived unread is read again by the catch-up from the saved cursor.
        throw new PeerError("unavailable", why);
      }
      if (Date.now() < reopenAt) return batchOf(cursor, { posts: [], rejects: [] }, reopenAt - Date.now());
      agent ??= new Agent({ connect: { lookup: guardedLookup(policy) } });
      const url = `${await streamingBase(context)}/api/v1/streaming`;
      // The socket opens before the catch-up: what happens meanwhile is in one or the other.
      live = await LiveStream.open({
        url,
        token: token ?? "",
        subscriptions: streamed.map((s) =>
          s.key === "mentions"
            ? { stream: "user" as const }
            : { stream: "hashtag" as const, tag: s.key.slice(4) },
        ),
        policy,
        agent,
        idleMs: settings.streamIdleSeconds * 1000,
        signal: context.signal,
      });
      catchingUp = true;
      rechecking = true;
    }
    if (rechecking) {
      // Before the catch-up moves the cursor on: what it reads is new, not what is to be read again.
      const again = await recheck(cursor, context);
      rechecking = false;
      if (again.edited.length || again.withdrawn.length || again.rejects.length)
        return batchOf(cursor, { posts: [], ...again }, 0);
    }
    if (catchingUp) {
      const read = await poll(cursor, all, context);
      catchingUp = read.more;
      lastPollAt = Date.now();
      const now = context.clock.now();
      remember(
        cursor,
        read.posts.map((p) => p.platformId),
        now,
      );
      return batchOf(cursor, read, read.waitUntil > now ? read.waitUntil - now : 0);
    }
    const posts: NormalizedPost[] = [];
    const rejects: Reject[] = [];
    const edited: NormalizedPost[] = [];
    const withdrawn: string[] = [];
    let waitUntil = 0;
    if (polledAlways.length > 0 && Date.now() - lastPollAt >= interval) {
      const read = await poll(cursor, polledAlways, context);
      posts.push(...read.posts);
      rejects.push(...read.rejects);
      waitUntil = read.waitUntil;
      lastPollAt = Date.now();
    }
    if (posts.length === 0 && rejects.length === 0) await live.wait(STREAM_WAIT_MS, context.signal);
    const toPost = (s: Status, text: string): NormalizedPost | undefined => {
      try {
        const post = normalizePost(statusToDraft(s));
        const tags = statusTags(s);
        post.mentions = [...new Set([...post.mentions, ...tags.mentions])];
        post.hashtags = [...new Set([...post.hashtags, ...tags.hashtags])];
        return post;
      } catch (err) {
        if (!isParleyError(err)) throw err;
        rejects.push({ code: err.code, reason: err.message, payload: cut(text) });
        return undefined;
      }
    };
    const moveOn = (key: string, id: string) => {
      const at = cursor.streams[key];
      if (!at || compareIds(id, at) > 0) cursor.streams[key] = id;
    };
    for (const text of live.take(STREAM_BATCH)) {
      const event = readStreamEvent(text);
      if (event.type === "unreadable") {
        rejects.push({ code: event.code, reason: event.reason, payload: cut(text) });
      } else if (event.type === "notification") {
        // The stream is whole from the catch-up on: the REST place moves with it.
        moveOn("mentions", event.id);
        if (event.kind === "mention" && event.status) {
          const post = toPost(event.status, text);
          if (post) posts.push(post);
        }
      } else if (event.type === "status") {
        const key = `tag:${event.tag}`;
        if (!streamed.some((s) => s.key === key)) continue;
        moveOn(key, event.status.id);
        const post = toPost(event.status, text);
        if (post) posts.push(post);
      } else if (event.type === "edit") {
        const post = toPost(event.status, text);
        if (post) edited.push(post);
      } else if (event.type === "delete") withdrawn.push(event.id);
    }
    const now = context.clock.now();
    remember(
      cursor,
      [...posts, ...edited].map((p) => p.platformId),
      now,
    );
    forget(cursor, withdrawn);
    return batchOf(cursor, { posts, rejects, edited, withdrawn }, waitUntil > now ? waitUntil - now : 0);
  }

  return {
    async pull(cursorText, context): Promise<Batch> {
      if (streamed.length > 0) return pullStreaming(cursorText, context);
      const cursor = readCursor(cursorText, base);
      const read = await poll(cursor, all, context);
      const now = context.clock.now();
      return batchOf(cursor, read, read.waitUntil > now ? read.waitUntil - now : read.more ? 0 : interval);
    },

    /** Checks the token and the instance as a pull would; reads nothing into the store. */
    async check(context: PullContext): Promise<ConnectionCheck> {
      const found: string[] = [];
      const problems: string[] = [];
      try {
        const me = await call(`${base}/api/v1/accounts/verify_credentials`, context);
        if (me.status !== 200) {
          problems.push(`The instance did not accept the access token: ${peerReason(me)}`);
          return { ok: false, found, problems };
        }
        const account = JSON.parse(me.body.toString("utf8")) as { acct?: unknown };
        found.push(`Signed in to ${new URL(base).host} as @${String(account.acct ?? "?")}`);
        if (me.limits.remaining !== undefined)
          found.push(`${me.limits.remaining} requests left in this window`);
        if (settings.streaming)
          found.push(`Live updates from ${await streamingBase(context)}/api/v1/streaming`);
        for (const stream of all) {
          const read = await call(urlOf(stream, { limit: "5" }), context);
          if (read.status !== 200) problems.push(`${stream.path} was refused: ${peerReason(read)}`);
        }
        if (problems.length === 0 && all.length > 0)
          found.push(
            `Mentions, hashtags and searches can be read (${all.length} timeline${all.length === 1 ? "" : "s"})`,
          );
      } catch (err) {
        if (isPeerError(err) || err instanceof SyntaxError) problems.push(err.message);
        else throw err;
      }
      return { ok: problems.length === 0, found, problems };
    },

    async send(reply: OutgoingReply, context: PullContext): Promise<SentReply> {
      const handle = reply.context?.authorHandle;
      // Mastodon delivers a reply to whom it mentions: a direct message reaches no one otherwise.
      const mentioned = handle && new RegExp(`(^|\\s)@${escapePattern(handle)}(\\s|$)`, "i").test(reply.text);
      const text = handle && !mentioned ? `@${handle} ${reply.text}` : reply.text;
      const response = await call(`${base}/api/v1/statuses`, context, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": reply.idempotencyKey },
        body: JSON.stringify({
          status: text,
          in_reply_to_id: reply.inReplyTo,
          visibility: reply.channel === "private" ? "direct" : "public",
        }),
      });
      if (response.status !== 200) {
        throw new PeerError("refused", `The instance did not take the reply: ${peerReason(response)}`);
      }
      let sent: Status;
      try {
        sent = status.parse(JSON.parse(response.body.toString("utf8")));
      } catch {
        throw new PeerError("unavailable", "The instance's answer to the reply is not a status");
      }
      return {
        platformId: sent.id,
        ...(sent.url || sent.uri ? { url: sent.url ?? sent.uri } : {}),
        author: {
          platformId: sent.account.id,
          handle: sent.account.acct,
          ...(sent.account.display_name ? { name: sent.account.display_name } : {}),
        },
        text: htmlToText(sent.content),
        createdAt: new Date(sent.created_at),
      };
    },

    async close() {
      live?.close();
      live = undefined;
      await agent?.close().catch(() => undefined);
      await guarded.close();
    },
  };
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
