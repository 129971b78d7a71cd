/**
 * Reading a Bluesky account's mentions, replies and quotes (its notifications) and searches, and
 * answering in the thread. Both lists come newest first with a cursor to older pages: a pull
 * reads back from the newest until it meets its place (the newest `indexedAt` read, and the posts
 * read at that instant), so nothing is skipped however much arrived, up to `MAX_PAGES` pages. A
 * first pull takes the newest page and starts from there. A reply is a `app.bsky.feed.post` record
 * with `reply.root` and `reply.parent`, under a record key made from the reply's idempotency key.
 */
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
import type { Resolver } from "../net/addressGuard.ts";
import { createGuardedFetch, type FetchLike } from "../net/guardedFetch.ts";
import type { RateLimitState } from "../peer.ts";
import { notification, type PostView, postRecord, postToDraft, postUrl, postView } from "./records.ts";
import type { BlueskySettings } from "./settings.ts";
import { tidFromKey } from "./tid.ts";
import {
  createXrpc,
  OversizedBody,
  type SessionStore,
  UnreadableAnswer,
  type Xrpc,
  XrpcFailure,
} from "./xrpc.ts";

/** Items per page: the most both lists give at once. */
const PAGE = 100;
/** Pages read per stream and pull; past that the place moves on to the newest read. */
const MAX_PAGES = 10;
const REJECT_PAYLOAD_CHARS = 4096;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const REASONS = ["mention", "reply", "quote"];
const POST = "app.bsky.feed.post";

export interface BlueskyConnectorOptions {
  timeoutMs?: number;
  maxBytes?: number;
  resolver?: Resolver;
  fetch?: FetchLike;
  sessions?: SessionStore;
}

interface Place {
  /** The newest `indexedAt` read (ISO 8601). */
  at: string;
  /** Posts read at exactly that time. */
  uris: string[];
}

interface Cursor {
  service: string;
  account: string;
  streams: Record<string, Place>;
}

function readCursor(text: string | null, service: string, account: string): Cursor {
  if (text) {
    try {
      const parsed = JSON.parse(text) as Cursor;
      if (parsed.service === service && parsed.account === account && parsed.streams) return parsed;
    } catch {
      // A cursor from elsewhere starts afresh.
    }
  }
  return { service, account, streams: {} };
}

interface Stream {
  key: string;
  nsid: string;
  params: Record<string, string | string[]>;
  /** The posts of a page, and what could not be read. */
  items(body: unknown): { views: PostView[]; unreadable: unknown[] };
}

function listOf(body: unknown, field: string): unknown[] {
  const list = (body as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(list))
    throw new UnreadableAnswer(
      "unsupported_payload",
      `The answer has no ${field} list`,
      cut(JSON.stringify(body) ?? ""),
    );
  return list;
}

function streamsOf(settings: BlueskySettings): Stream[] {
  const list: Stream[] = [];
  if (settings.mentions) {
    list.push({
      key: "notifications",
      nsid: "app.bsky.notification.listNotifications",
      params: { reasons: REASONS },
      items(body) {
        const views: PostView[] = [];
        const unreadable: unknown[] = [];
        for (const item of listOf(body, "notifications")) {
          const parsed = notification.safeParse(item);
          if (!parsed.success) unreadable.push(item);
          else if (REASONS.includes(parsed.data.reason)) views.push(parsed.data);
        }
        return { views, unreadable };
      },
    });
  }
  for (const q of settings.searches) {
    list.push({
      key: `search:${q.toLowerCase()}`,
      nsid: "app.bsky.feed.searchPosts",
      params: { q, sort: "latest" },
      items(body) {
        const views: PostView[] = [];
        const unreadable: unknown[] = [];
        for (const item of listOf(body, "posts")) {
          const parsed = postView.safeParse(item);
          if (parsed.success) views.push(parsed.data);
          else unreadable.push(item);
        }
        return { views, unreadable };
      },
    });
  }
  return list;
}

function cut(text: string): string {
  return text.length > REJECT_PAYLOAD_CHARS ? text.slice(0, REJECT_PAYLOAD_CHARS) : text;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** Whether a view is at or behind the place: read already. */
function behind(view: PostView, place: Place): boolean {
  const a = time(view.indexedAt);
  const b = time(place.at);
  return a < b || (a === b && place.uris.includes(view.uri));
}

export function createBlueskyConnector(
  source: SourceConfig<BlueskySettings>,
  options: BlueskyConnectorOptions = {},
): Connector {
  const settings = source.settings;
  const interval = settings.pollIntervalSeconds * 1000;
  const guarded = createGuardedFetch({
    allowPrivateNetwork: settings.allowPrivateNetwork,
    resolver: options.resolver,
    fetch: options.fetch,
  });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const xrpc: Xrpc = createXrpc({
    service: settings.serviceUrl,
    identifier: settings.handle,
    password: source.credentials.appPassword,
    fetch: guarded.fetch as typeof fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes,
    ...(options.sessions ? { sessions: options.sessions } : {}),
  });

  function toPost(view: PostView, brandDid: string, raw: unknown): NormalizedPost | Reject {
    const made = postToDraft(view, { brandDid, brandHandle: settings.handle, raw });
    if (!made)
      return {
        code: "malformed_payload",
        reason: "The item holds no post record",
        payload: cut(JSON.stringify(raw)),
      };
    try {
      const post = normalizePost(made.draft);
      post.hashtags = [...new Set([...post.hashtags, ...made.facets.hashtags])];
      return post;
    } catch (err) {
      if (!isParleyError(err)) throw err;
      return { code: err.code, reason: err.message, payload: cut(JSON.stringify(raw)) };
    }
  }

  async function readStream(
    stream: Stream,
    place: Place | undefined,
    brandDid: string,
    context: PullContext,
  ) {
    const posts: NormalizedPost[] = [];
    const rejects: Reject[] = [];
    const fresh: PostView[] = [];
    let limits: RateLimitState = {};
    let page: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      let body: unknown;
      try {
        const answer = await xrpc.query(
          stream.nsid,
          { ...stream.params, limit: String(PAGE), cursor: page },
          context,
        );
        body = answer.body;
        limits = answer.limits;
      } catch (err) {
        if (err instanceof OversizedBody) {
          rejects.push({
            code: "oversized_payload",
            reason: `The answer is larger than ${maxBytes} bytes`,
            payload: stream.nsid,
          });
          return { posts, rejects, place, limits };
        }
        if (err instanceof UnreadableAnswer) {
          rejects.push({ code: err.code, reason: err.message, payload: cut(err.payload) });
          return { posts, rejects, place, limits };
        }
        if (err instanceof XrpcFailure)
          throw new PeerError("refused", `${stream.nsid} was refused: ${err.message}`);
        throw err;
      }
      let items: ReturnType<Stream["items"]>;
      try {
        items = stream.items(body);
      } catch (err) {
        if (!(err instanceof UnreadableAnswer)) throw err;
        rejects.push({ code: err.code, reason: err.message, payload: err.payload });
        return { posts, rejects, place, limits };
      }
      let reached = false;
      for (const view of items.views) {
        if (place && behind(view, place)) {
          // Items at the place's own instant may come in any order: only an older one ends the read.
          if (time(view.indexedAt) < time(place.at)) {
            reached = true;
            break;
          }
          continue;
        }
        fresh.push(view);
      }
      for (const item of items.unreadable)
        rejects.push({
          code: "malformed_payload",
          reason: "An item lacks a field Parley needs",
          payload: cut(JSON.stringify(item) ?? ""),
        });
      const next = (body as { cursor?: unknown }).cursor;
      // A first read takes the newest page only and starts from there.
      if (!place || reached || typeof next !== "string" || items.views.length === 0) break;
      page = next;
    }
    const seen = new Set<string>();
    for (const view of fresh) {
      if (seen.has(view.uri)) continue;
      seen.add(view.uri);
      const made = toPost(view, brandDid, view);
      if ("code" in made) rejects.push(made);
      else posts.push(made);
    }
    let newest: Place = place ?? { at: new Date(0).toISOString(), uris: [] };
    for (const view of fresh) {
      const t = time(view.indexedAt);
      if (t > time(newest.at)) newest = { at: view.indexedAt, uris: [view.uri] };
      else if (t === time(newest.at) && !newest.uris.includes(view.uri))
        newest = { ...newest, uris: [...newest.uris, view.uri] };
    }
    return { posts, rejects, place: newest, limits };
  }

  return {
    async pull(cursorText, context): Promise<Batch> {
      const cursor = readCursor(cursorText, settings.serviceUrl, settings.handle.toLowerCase());
      const brandDid = await xrpc.did(context);
      const posts: NormalizedPost[] = [];
      const seen = new Set<string>();
      const rejects: Reject[] = [];
      let waitUntil = 0;
      for (const stream of streamsOf(settings)) {
        const read = await readStream(stream, cursor.streams[stream.key], brandDid, context);
        // A post found by two streams (a mention that a search finds too) is handed over once.
        for (const post of read.posts) {
          if (seen.has(post.platformId)) continue;
          seen.add(post.platformId);
          posts.push(post);
        }
        rejects.push(...read.rejects);
        if (read.place) cursor.streams[stream.key] = read.place;
        // The window is spent: the next poll waits for it to reset.
        if (read.limits.remaining === 0 && read.limits.resetAt)
          waitUntil = Math.max(waitUntil, read.limits.resetAt);
      }
      const now = context.clock.now();
      const newest = posts.reduce<number>((max, p) => Math.max(max, p.createdAt.getTime()), 0);
      return {
        posts,
        rejects,
        cursor: JSON.stringify(cursor),
        ...(newest > 0 ? { newestAt: new Date(newest) } : {}),
        idleMs: waitUntil > now ? waitUntil - now : interval,
      };
    },

    /** Signs in with the app password and reads what a pull reads first; stores nothing. */
    async check(context: PullContext): Promise<ConnectionCheck> {
      const found: string[] = [];
      const problems: string[] = [];
      const say = (err: unknown) => {
        if (isPeerError(err) || err instanceof XrpcFailure || err instanceof UnreadableAnswer)
          problems.push(err.message);
        else throw err;
      };
      try {
        const did = await xrpc.did(context);
        found.push(`Signed in to ${new URL(settings.serviceUrl).host} as @${settings.handle} (${did})`);
      } catch (err) {
        say(err);
        return { ok: false, found, problems };
      }
      if (settings.mentions) {
        try {
          const answer = await xrpc.query(
            "app.bsky.notification.listNotifications",
            { limit: "50" },
            context,
          );
          const items = (answer.body as { notifications?: unknown[] })?.notifications ?? [];
          found.push(`The account's notifications can be read (${items.length} of the newest)`);
        } catch (err) {
          say(err);
        }
      }
      for (const q of settings.searches.slice(0, 3)) {
        try {
          const answer = await xrpc.query("app.bsky.feed.searchPosts", { q, limit: "25" }, context);
          const posts = (answer.body as { posts?: unknown[] })?.posts ?? [];
          found.push(
            `Searching for "${q}" finds ${posts.length}${posts.length === 25 ? " or more" : ""} posts`,
          );
        } catch (err) {
          say(err);
        }
      }
      return { ok: problems.length === 0, found, problems };
    },

    async send(reply: OutgoingReply, context: PullContext): Promise<SentReply> {
      const session = await xrpc.session(context);
      const rkey = tidFromKey(reply.idempotencyKey);
      const existing = await findRecord(xrpc, session.did, rkey, context);
      if (existing) return sentOf(existing.uri, existing.value, session);
      let found: unknown;
      try {
        found = (await xrpc.query("app.bsky.feed.getPosts", { uris: [reply.inReplyTo] }, context)).body;
      } catch (err) {
        if (err instanceof XrpcFailure)
          throw new PeerError("refused", `The post answered cannot be read: ${err.message}`);
        if (err instanceof UnreadableAnswer) throw new PeerError("unavailable", err.message);
        throw err;
      }
      const parent = postView.safeParse(((found as { posts?: unknown[] })?.posts ?? [])[0]);
      if (!parent.success) throw new PeerError("refused", "The post answered is gone from Bluesky");
      const parentRecord = postRecord.safeParse(parent.data.record);
      const parentRef = { uri: parent.data.uri, cid: parent.data.cid };
      const root = (parentRecord.success && parentRecord.data.reply?.root) || parentRef;
      const record = {
        $type: POST,
        text: reply.text,
        createdAt: new Date(context.clock.now()).toISOString(),
        reply: { root: { uri: root.uri, cid: root.cid }, parent: parentRef },
      };
      try {
        const made = await xrpc.procedure(
          "com.atproto.repo.createRecord",
          { repo: session.did, collection: POST, rkey, record },
          context,
        );
        const uri = (made.body as { uri?: unknown }).uri;
        if (typeof uri !== "string") throw new PeerError("unavailable", "The PDS's answer names no record");
        return sentOf(uri, record, session);
      } catch (err) {
        if (!(err instanceof XrpcFailure)) throw err;
        // Made by an earlier try whose answer was lost: the key names the same record.
        const again = await findRecord(xrpc, session.did, rkey, context);
        if (again) return sentOf(again.uri, again.value, session);
        throw new PeerError("refused", `The PDS did not take the reply: ${err.message}`);
      }
    },

    async close() {
      await guarded.close();
    },
  };
}

async function findRecord(
  xrpc: Xrpc,
  did: string,
  rkey: string,
  context: PullContext,
): Promise<{ uri: string; value: unknown } | null> {
  try {
    const { body } = await xrpc.query(
      "com.atproto.repo.getRecord",
      { repo: did, collection: POST, rkey },
      context,
    );
    const { uri, value } = body as { uri?: unknown; value?: unknown };
    return typeof uri === "string" ? { uri, value } : null;
  } catch (err) {
    if (err instanceof XrpcFailure && err.status === 400) return null;
    throw err;
  }
}

function sentOf(uri: string, value: unknown, session: { did: string; handle: string }): SentReply {
  const record = postRecord.safeParse(value);
  const created = record.success ? Date.parse(record.data.createdAt) : Number.NaN;
  return {
    platformId: uri,
    ...(postUrl(uri, session.handle) ? { url: postUrl(uri, session.handle)! } : {}),
    author: { platformId: session.did, handle: session.handle },
    ...(record.success ? { text: record.data.text } : {}),
    ...(Number.isFinite(created) ? { createdAt: new Date(created) } : {}),
  };
}
