/**
 * The feed connector against Debian's nginx on 127.0.0.1: static feeds with the validators nginx
 * sends, gzip, a redirect, error statuses, a peer that never answers and one that trickles.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atom, entries, entry, jsonFeed, rss1, rss2 } from "../../../test/support/feeds.ts";
import { freePort, type Nginx, startNginx } from "../../../test/support/nginx.ts";
import { ManualClock } from "../../domain/clock.ts";
import { type Batch, type Connector, isPeerError, type PeerError, type SourceConfig } from "../contract.ts";
import { connectorKind } from "../registry.ts";
import "../kinds.ts";
import { createFeedConnector, type FeedConnectorOptions } from "./connector.ts";
import { MAX_REMEMBERED_KEYS, readCursor } from "./cursor.ts";
import { type FeedSettings, feedSettings } from "./settings.ts";

const CAP = 1024 * 1024;
let nginx: Nginx;
let hang: Server;
const held: Socket[] = [];
const clock = new ManualClock();
const open: Connector[] = [];

function huge(): string {
  // Over the cap decoded, far under it compressed: a decompression bomb in miniature.
  const filler = "<p>Lumen Lumen Lumen Lumen Lumen Lumen Lumen Lumen</p>".repeat(20);
  return atom(entries(2000).map((e) => ({ ...e, html: e.html + filler })));
}

beforeAll(async () => {
  const hangPort = await freePort();
  hang = createServer((socket) => held.push(socket)); // accepts and never answers
  await new Promise<void>((r) => hang.listen(hangPort, "127.0.0.1", r));
  nginx = await startNginx({
    files: {
      "rss2.rss": rss2(entries(3)),
      "rss1.rdf": rss1(entries(3)),
      "atom.atom": atom(entries(3), '<link rel="hub" href="https://hub.example.com/"/>'),
      "feed.json": jsonFeed(entries(3)),
      "changing.rss": rss2(entries(3)),
      "broken.rss": "<rss version='2.0'><channel><item><title>unclosed</channel></rss>",
      "huge.atom": huge(),
      "plain-huge.atom": huge(),
      "trickle.atom": atom(entries(50)),
      "window.atom": atom(entries(1500)),
      "mixed.atom": atom([
        entry(1),
        { ...entry(2), id: "", link: undefined },
        { ...entry(3), title: "", html: "" },
        entry(4),
      ]).replace("<id></id>", ""),
    },
    http: `
      log_format feeds '$uri $status gzip=$gzip_ratio inm=$http_if_none_match ims=$http_if_modified_since';
      access_log feeds.log feeds;
      gzip on;
      gzip_min_length 64;
      gzip_types application/rss+xml application/atom+xml application/feed+json application/rdf+xml;
    `,
    locations: `
      location = /old.rss { return 301 /rss2.rss; }
      location = /loop.rss { return 302 /loop.rss; }
      location = /unavailable.rss { return 503; }
      location = /maintenance.rss { add_header Retry-After 30 always; return 503; }
      location = /busy.rss { add_header Retry-After 120 always; return 429; }
      location = /gone.rss { return 410; }
      location = /hang.rss { proxy_pass http://127.0.0.1:${hangPort}; proxy_read_timeout 300s; }
      location = /plain-huge.atom { gzip off; }
      location = /trickle.atom { gzip off; limit_rate 200; }
    `,
  });
}, 20_000);

afterAll(async () => {
  await Promise.all(open.map((c) => c.close?.()));
  for (const s of held) s.destroy();
  await new Promise((r) => hang?.close(r));
  await nginx?.stop();
});

function feedSource(path: string, settings: Partial<FeedSettings> = {}): SourceConfig<FeedSettings> {
  return {
    id: "source-1",
    workspaceId: "ws-1",
    kind: "feed",
    name: "feed",
    settings: feedSettings.parse({ url: `${nginx.origin}${path}`, allowPrivateNetwork: true, ...settings }),
    credentials: {},
  };
}

function connector(path: string, settings: Partial<FeedSettings> = {}, options: FeedConnectorOptions = {}) {
  const c = createFeedConnector(feedSource(path, settings), { maxBytes: CAP, ...options });
  open.push(c);
  return c;
}

const pull = (c: Connector, cursor: string | null = null) =>
  c.pull(cursor, { clock, signal: new AbortController().signal });

async function peerError(promise: Promise<Batch>): Promise<PeerError> {
  const err = await promise.catch((e: unknown) => e);
  if (!isPeerError(err)) throw new Error(`expected a PeerError, got ${String(err)}`);
  return err;
}

async function accessLog(path: string): Promise<string[]> {
  const log = await readFile(join(nginx.root, "..", "feeds.log"), "utf8").catch(() => "");
  return log.split("\n").filter((line) => line.startsWith(`${path} `));
}

describe("feed connector against nginx", () => {
  it.each([
    ["/rss2.rss", "rss2"],
    ["/rss1.rdf", "rss1"],
    ["/atom.atom", "atom"],
    ["/feed.json", "json"],
  ])("reads %s into posts, gzipped on the wire", async (path, format) => {
    const batch = await pull(connector(path));
    expect(batch.rejects).toEqual([]);
    expect(batch.posts.map((p) => p.platformId)).toEqual(
      [1, 2, 3].map((n) => `https://blog.example.com/posts/${n}`),
    );
    expect(batch.posts[0]).toMatchObject({
      platform: "rss",
      url: "https://blog.example.com/posts/1.html",
      text: "Post number 1 about Lumen\nThe Lumen app crashed again & support was slow (1).",
      author: { handle: "Writer 1", name: "Writer 1" },
      createdAt: new Date("2026-01-01T00:01:00Z"),
      channel: "public",
      raw: { format },
    });
    expect(batch.newestAt).toEqual(new Date("2026-01-01T00:03:00Z"));
    expect(batch.idleMs).toBe(900_000);
    const [line] = await accessLog(path);
    expect(line).toMatch(/ 200 gzip=\d+\.\d+ /);
  });

  it("asks with the validators nginx gave and gets an empty batch on 304, after a restart too", async () => {
    const first = await pull(connector("/atom.atom"));
    expect(first.posts).toHaveLength(3);
    const cursor = readCursor(first.cursor, `${nginx.origin}/atom.atom`);
    expect(cursor.etag).toMatch(/"/);
    expect(cursor.lastModified).toMatch(/GMT$/);
    expect(cursor.hub).toBe("https://hub.example.com/");
    // A new connector, as after a restart, from the saved cursor.
    const second = await pull(connector("/atom.atom"), first.cursor);
    expect(second).toEqual({ posts: [], rejects: [], cursor: null, idleMs: 900_000 });
    const lines = await accessLog("/atom.atom");
    // nginx logs the quotes of the weak ETag it made for the gzipped answer as \x22.
    expect(lines.at(-1)).toMatch(
      / 304 gzip=- inm=W\/\\x22[0-9a-f]+-[0-9a-f]+\\x22 ims=\w{3}, \d\d \w{3} \d{4} /,
    );
  });

  it("posts only new entries when the feed changes, deduplicating by id and by link", async () => {
    const c = connector("/changing.rss");
    const first = await pull(c);
    expect(first.posts).toHaveLength(3);
    // The window moves: 1 leaves, 2 and 3 stay, 4 and 5 are new, 6 repeats 3's link under a new id.
    await writeFile(
      join(nginx.root, "changing.rss"),
      rss2([entry(2), entry(3), entry(4), entry(5), { ...entry(6), link: entry(3).link }]),
    );
    const second = await pull(c, first.cursor);
    expect(second.posts.map((p) => p.platformId)).toEqual([
      "https://blog.example.com/posts/4",
      "https://blog.example.com/posts/5",
    ]);
    expect(second.rejects).toEqual([]);
  });

  it("follows a redirect and refuses a redirect loop", async () => {
    const batch = await pull(connector("/old.rss"));
    expect(batch.posts).toHaveLength(3);
    const err = await peerError(pull(connector("/loop.rss")));
    expect(err.kind).toBe("refused");
    expect(err.message).toContain("redirects more than 5 times");
  });

  it("rejects a feed that does not parse and keeps the cursor", async () => {
    const batch = await pull(connector("/broken.rss"));
    expect(batch.posts).toEqual([]);
    expect(batch.cursor).toBeNull();
    expect(batch.rejects).toHaveLength(1);
    expect(batch.rejects[0]).toMatchObject({
      code: "malformed_payload",
      payload: expect.stringContaining("unclosed"),
    });
  });

  it("rejects each bad entry once and keeps the good rest", async () => {
    const c = connector("/mixed.atom");
    const batch = await pull(c);
    expect(batch.posts.map((p) => p.platformId)).toEqual([
      "https://blog.example.com/posts/1",
      "https://blog.example.com/posts/4",
    ]);
    expect(batch.rejects.map((r) => r.code)).toEqual(["malformed_payload", "validation_failed"]);
    expect(batch.rejects[0]!.reason).toBe("The entry has neither an id nor a link");
    expect(batch.rejects[1]!.reason).toBe("The post has no text");
    // nginx answers 304 to the validators; without them the same rejects are not repeated either.
    const again = await pull(
      c,
      JSON.stringify({ ...JSON.parse(batch.cursor!), etag: undefined, lastModified: undefined }),
    );
    expect(again.posts).toEqual([]);
    expect(again.rejects).toEqual([]);
  });

  it("rejects a feed over the cap once decoded, though gzip made it small on the wire", async () => {
    expect(gzipSync(huge()).length).toBeLessThan(CAP / 4);
    expect(Buffer.byteLength(huge())).toBeGreaterThan(CAP);
    for (const path of ["/huge.atom", "/plain-huge.atom"]) {
      const batch = await pull(connector(path));
      expect(batch.posts).toEqual([]);
      expect(batch.cursor).toBeNull();
      expect(batch.rejects.map((r) => r.code)).toEqual(["oversized_payload"]);
    }
    expect((await accessLog("/huge.atom"))[0]).toMatch(/gzip=\d/);
  });

  it("reports 503 as unavailable, 429 as rate limited until Retry-After, 410 as refused", async () => {
    expect((await peerError(pull(connector("/unavailable.rss")))).kind).toBe("unavailable");
    const busy = await peerError(pull(connector("/busy.rss")));
    expect(busy.kind).toBe("rate_limited");
    expect(busy.retryAt).toBe(clock.now() + 120_000);
    expect((await peerError(pull(connector("/gone.rss")))).kind).toBe("refused");
    const maintenance = await peerError(pull(connector("/maintenance.rss")));
    expect(maintenance).toMatchObject({ kind: "rate_limited", retryAt: clock.now() + 30_000 });
  });

  it("stops waiting when the source is stopped, with the abort rather than a peer error", async () => {
    const stop = new AbortController();
    const pending = connector("/hang.rss").pull(null, { clock, signal: stop.signal });
    setTimeout(() => stop.abort(new Error("source stopped")), 100);
    await expect(pending).rejects.toThrow("source stopped");
  });

  it("gives up on a peer that never answers, or answers too slowly, at the deadline", async () => {
    for (const path of ["/hang.rss", "/trickle.atom"]) {
      const started = performance.now();
      const err = await peerError(pull(connector(path, {}, { timeoutMs: 1500 })));
      expect(err.kind).toBe("unavailable");
      expect(performance.now() - started).toBeLessThan(6000);
    }
    expect(held.length).toBeGreaterThan(0);
  });

  it("remembers a bounded number of entries", async () => {
    const batch = await pull(connector("/window.atom", {}, { maxBytes: 8 * CAP }));
    expect(batch.posts).toHaveLength(1500);
    const cursor = readCursor(batch.cursor, `${nginx.origin}/window.atom`);
    expect(cursor.seen).toHaveLength(MAX_REMEMBERED_KEYS);
    expect(batch.cursor!.length).toBeLessThan(MAX_REMEMBERED_KEYS * 15 + 500);
  });
});

describe("feed connector without private networks", () => {
  it("refuses nginx on loopback and sends it nothing", async () => {
    const before = (await accessLog("/rss2.rss")).length;
    const err = await peerError(pull(connector("/rss2.rss", { allowPrivateNetwork: false })));
    expect(err.kind).toBe("refused");
    expect(err.message).toContain("loopback");
    const named = createFeedConnector(
      {
        ...feedSource("/rss2.rss", { allowPrivateNetwork: false }),
        settings: feedSettings.parse({ url: `http://feeds.example.test:${nginx.port}/rss2.rss` }),
      },
      { resolver: async () => [{ address: "127.0.0.1", family: 4 }] },
    );
    open.push(named);
    expect((await peerError(pull(named))).kind).toBe("refused");
    expect(await accessLog("/rss2.rss")).toHaveLength(before);
  });
});

describe("feed kind", () => {
  it("is registered with its settings, keeping only matching entries unless told otherwise", () => {
    const kind = connectorKind("feed");
    expect(kind).toMatchObject({ platform: "rss", mode: "poll", requireMatch: true });
    const settings = kind!.settings.parse({ url: "https://blog.example.com/feed" });
    expect(settings).toEqual({
      url: "https://blog.example.com/feed",
      pollIntervalSeconds: 900,
      allowPrivateNetwork: false,
      requireMatch: true,
    });
    expect(kind!.requireMatchFor?.({ ...settings, requireMatch: false })).toBe(false);
  });

  it.each([
    { url: "file:///etc/passwd" },
    { url: "ftp://example.com/feed" },
    { url: "not a url" },
    { url: "https://example.com/", pollIntervalSeconds: 5 },
    { url: "https://example.com/", pollIntervalSeconds: 10 ** 6 },
  ])("refuses settings %o", (settings) => {
    expect(feedSettings.safeParse(settings).success).toBe(false);
  });
});
