/**
 * Polling one feed. Each pull is one conditional GET through the address guard: a 304 is an
 * empty batch; a 200 is parsed, entries already seen (by id or by link, remembered in the cursor)
 * are passed over and the rest become posts, or one reject each. A document that cannot be read,
 * or is larger than the cap, is one reject and leaves the cursor as it was. The peer's 429, 5xx
 * and silence reach the runner as `PeerError`s from `peerRequest`.
 */
import { isParleyError } from "../../errors.ts";
import { normalizePost } from "../../pipeline/normalize.ts";
import type { Batch, ConnectionCheck, Connector, PullContext, Reject, SourceConfig } from "../contract.ts";
import { isPeerError, PeerError } from "../contract.ts";
import type { Resolver } from "../net/addressGuard.ts";
import { createGuardedFetch, type FetchLike } from "../net/guardedFetch.ts";
import { OversizedBody, type PeerResponse, peerRequest } from "../peer.ts";
import { entryKey, readCursor, SeenEntries, writeCursor } from "./cursor.ts";
import { type FeedDocument, FeedUnreadable, isFault } from "./model.ts";
import { parseFeed } from "./parseFeed.ts";
import type { FeedSettings } from "./settings.ts";
import { absoluteLink, entryToDraft } from "./toPost.ts";

/** A feed larger than this (decoded) is refused: 8 MiB is thousands of full-text entries. */
export const DEFAULT_MAX_FEED_BYTES = 8 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** What a dead letter keeps of a payload. */
const REJECT_PAYLOAD_CHARS = 4096;

const ACCEPT =
  "application/atom+xml, application/rss+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.8, application/json;q=0.8, text/xml;q=0.8, */*;q=0.5";

export interface FeedConnectorOptions {
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Name resolution for the address guard (tests pass a fake). */
  resolver?: Resolver;
  /** The fetch each hop is made with (tests); default undici through the guarded agent. */
  fetch?: FetchLike;
}

function cutPayload(text: string): string {
  return text.length > REJECT_PAYLOAD_CHARS ? text.slice(0, REJECT_PAYLOAD_CHARS) : text;
}

function asText(source: unknown): string {
  return typeof source === "string" ? source : (JSON.stringify(source) ?? "");
}

export function createFeedConnector(
  source: SourceConfig<FeedSettings>,
  options: FeedConnectorOptions = {},
): Connector {
  const settings = source.settings;
  const interval = settings.pollIntervalSeconds * 1000;
  const guarded = createGuardedFetch({
    allowPrivateNetwork: settings.allowPrivateNetwork,
    resolver: options.resolver,
    maxRedirects: options.maxRedirects,
    fetch: options.fetch,
  });

  async function fetchFeed(
    cursorHeaders: Record<string, string>,
    context: PullContext,
  ): Promise<PeerResponse | Reject> {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
    try {
      return await peerRequest(settings.url, {
        clock: context.clock,
        signal: context.signal,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBytes,
        init: { headers: { accept: ACCEPT, "user-agent": "Parley feed reader", ...cursorHeaders } },
        fetch: guarded.fetch as typeof fetch,
      });
    } catch (err) {
      if (!(err instanceof OversizedBody)) throw err;
      return {
        code: "oversized_payload",
        reason: `The feed is larger than ${maxBytes} bytes (decoded)`,
        payload: settings.url,
      };
    }
  }

  return {
    async pull(cursorText: string | null, context: PullContext): Promise<Batch> {
      const cursor = readCursor(cursorText, settings.url);
      const headers: Record<string, string> = {};
      if (cursor.etag) headers["if-none-match"] = cursor.etag;
      if (cursor.lastModified) headers["if-modified-since"] = cursor.lastModified;
      const response = await fetchFeed(headers, context);
      if ("code" in response) return { posts: [], rejects: [response], cursor: null, idleMs: interval };
      if (response.status === 304) return { posts: [], rejects: [], cursor: null, idleMs: interval };
      judgeStatus(response.status, settings.url);

      let doc: FeedDocument;
      try {
        doc = parseFeed(response.body, response.headers.get("content-type"));
      } catch (err) {
        if (!(err instanceof FeedUnreadable)) throw err;
        const payload = cutPayload(response.body.subarray(0, REJECT_PAYLOAD_CHARS * 4).toString("utf8"));
        return {
          posts: [],
          rejects: [{ code: err.code, reason: err.message, payload }],
          cursor: null,
          idleMs: interval,
        };
      }

      const seen = new SeenEntries(cursor.seen);
      const now = new Date(context.clock.now());
      const batch: Batch = { posts: [], rejects: [], cursor: null, idleMs: interval };
      for (const item of doc.entries) {
        if (isFault(item)) {
          const key = entryKey("id", `source:${item.source}`);
          if (!seen.has(key))
            batch.rejects.push({
              code: "malformed_payload",
              reason: item.reason,
              payload: cutPayload(item.source),
            });
          seen.touch([key]);
          continue;
        }
        const draft = entryToDraft(item, { feedUrl: settings.url, baseUrl: response.url, doc, now });
        const keys =
          "reason" in draft
            ? [entryKey("id", `source:${asText(item.source)}`)]
            : [entryKey("id", draft.platformId), ...(draft.url ? [entryKey("link", draft.url)] : [])];
        const already = keys.some((k) => seen.has(k));
        seen.touch(keys);
        if (already) continue;
        if ("reason" in draft) {
          batch.rejects.push({
            code: "malformed_payload",
            reason: draft.reason,
            payload: cutPayload(asText(item.source)),
          });
          continue;
        }
        try {
          batch.posts.push(normalizePost(draft));
        } catch (err) {
          if (!isParleyError(err)) throw err;
          batch.rejects.push({
            code: err.code,
            reason: err.message,
            payload: cutPayload(asText(item.source)),
          });
        }
      }
      batch.posts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const newest = batch.posts.at(-1);
      if (newest) batch.newestAt = newest.createdAt;

      const next = { v: 1 as const, url: settings.url, seen: seen.list() } as ReturnType<typeof readCursor>;
      const etag = response.headers.get("etag");
      const lastModified = response.headers.get("last-modified");
      if (etag) next.etag = etag;
      if (lastModified) next.lastModified = lastModified;
      const hub = absoluteLink(doc.hub, response.url);
      const self = absoluteLink(doc.self, response.url);
      if (hub) next.hub = hub;
      if (self) next.self = self;
      batch.cursor = writeCursor(next);
      return batch;
    },
    /** Fetches the feed once, as a pull would, and says what it holds; stores nothing. */
    async check(context: PullContext): Promise<ConnectionCheck> {
      const found: string[] = [];
      const problems: string[] = [];
      try {
        const response = await fetchFeed({}, context);
        if ("code" in response) problems.push(response.reason);
        else {
          judgeStatus(response.status, settings.url);
          if (response.url && response.url !== settings.url)
            found.push(`The address leads to ${response.url}`);
          const doc = parseFeed(response.body, response.headers.get("content-type"));
          const entries = doc.entries.filter((e) => !isFault(e)).length;
          const faults = doc.entries.length - entries;
          found.push(
            `${FORMAT_NAMES[doc.format] ?? doc.format}${doc.title ? ` "${doc.title}"` : ""} with ${entries} entr${entries === 1 ? "y" : "ies"}`,
          );
          if (faults > 0) problems.push(`${faults} entr${faults === 1 ? "y" : "ies"} cannot be read`);
          if (doc.hub) found.push("The feed offers WebSub");
        }
      } catch (err) {
        if (err instanceof FeedUnreadable) problems.push(err.message);
        else if (isPeerError(err)) problems.push(err.message);
        else throw err;
      }
      return { ok: problems.length === 0, found, problems };
    },
    close: () => guarded.close(),
  };
}

const FORMAT_NAMES: Record<string, string> = {
  rss2: "An RSS 2.0 feed",
  rss1: "An RSS 1.0 feed",
  atom: "An Atom feed",
  json: "A JSON Feed",
};

/** Statuses other than 2xx that `peerRequest` leaves to the connector. */
function judgeStatus(status: number, url: string): void {
  if (status >= 200 && status < 300) return;
  const host = new URL(url).host;
  if (status === 408) throw new PeerError("unavailable", `${host} timed out the request (HTTP 408)`);
  if (status === 404 || status === 410) {
    throw new PeerError("refused", `${host} has no feed at this address (HTTP ${status})`);
  }
  if (status >= 300 && status < 400) {
    throw new PeerError("refused", `${host} answered HTTP ${status} without a usable redirect`);
  }
  throw new PeerError("refused", `${host} refused the request (HTTP ${status})`);
}
