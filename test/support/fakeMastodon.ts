/**
 * A Mastodon instance for tests, on 127.0.0.1, answering the parts of the client API Parley uses
 * as the API documentation describes them: notifications, hashtag timelines and search, posting a
 * status with an `Idempotency-Key` (remembered an hour, per account), the app registration, bearer
 * tokens, `{"error": "…"}` bodies with 401, 404, 422, 429 and 503, the `X-RateLimit-*` headers of a
 * window per account, and paging by `max_id`, `since_id` and `min_id` with a `Link` header
 * (`next` to older items when the page is full, `prev` to newer ones when the page is not empty).
 *
 * The streaming API is served at `/api/v1/streaming` over WebSocket (the `ws` server on the same
 * port, as `/api/v2/instance` names it in `configuration.urls.streaming`): the token by
 * `access_token`, `Authorization` or `Sec-WebSocket-Protocol` (401 before the upgrade otherwise),
 * a first stream by `stream=` (and `tag=`), more by `{"type":"subscribe",…}` messages; each event a
 * text frame `{"stream":[…],"event":…,"payload":…}` whose payload is a JSON string (for `delete`,
 * the status id itself). `user` carries the brand's notifications (`notification`) and the edits
 * (`status.update`) and deletes of statuses that mention it; `hashtag` carries `update`,
 * `status.update` and `delete` of public statuses with the tag. The server pings every socket
 * (every 30 s unless told). `dropStreams()` cuts every socket, as a restarting server does.
 *
 * Paths under `/busy`, `/down`, `/hang`, `/broken` and `/huge` are an instance that answers 429,
 * 503, nothing, JSON cut short, and a body too large: settings point a source there for faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

/** The parts of the `ws` package's server used here (the package ships no types). */
interface WsSocket {
  readonly readyState: number;
  send(data: string): void;
  ping(): void;
  terminate(): void;
  on(event: "message", listener: (data: Buffer) => void): void;
  on(event: "close", listener: () => void): void;
}
interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (ws: WsSocket) => void): void;
  close(): void;
}
const { WebSocketServer } = createRequire(import.meta.url)("ws") as {
  WebSocketServer: new (options: { noServer: true; maxPayload: number }) => WsServer;
};

export interface FakeAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  followers_count: number;
  bot: boolean;
  url: string;
}

export interface FakeStatus {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  account: FakeAccount;
  content: string;
  spoiler_text: string;
  visibility: "public" | "unlisted" | "private" | "direct";
  language: string | null;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  reblog: FakeStatus | null;
  edited_at: string | null;
}

interface FakeNotification {
  id: string;
  type: "mention" | "favourite" | "reblog" | "follow" | "status";
  created_at: string;
  account: FakeAccount;
  status?: FakeStatus;
}

export interface FakeMastodonOptions {
  /** The access token the instance accepts. */
  token?: string;
  /** Requests per account in each window (Mastodon: 300 in 5 minutes). */
  rateLimit?: number;
  windowMs?: number;
  /** The instance's clock (the tests' ManualClock). */
  now?: () => number;
  /** Whether `/api/v2/search` searches statuses' text (Mastodon with Elasticsearch) or finds none. */
  fullTextSearch?: boolean;
  /** Characters a status may hold. */
  maxCharacters?: number;
  /** How often the streaming server pings each socket (Mastodon: 30 s). */
  pingMs?: number;
}

export interface FakeMastodon {
  url: string;
  token: string;
  /** The account the token belongs to: the brand's. */
  brand: FakeAccount;
  statuses: Map<string, FakeStatus>;
  /** Every POST /api/v1/statuses that reached the instance, with its idempotency key. */
  posted: { key: string | null; statusId: string }[];
  /** Every REST request's method and path, in order. */
  requests: string[];
  /** Apps registered with POST /api/v1/apps. */
  apps: { client_name: string; redirect_uris: string; scopes: string; client_id: string }[];
  /** A status by someone (created with the account on first use); mentions of the brand notify it. */
  publish(input: {
    text: string;
    by?: string;
    visibility?: FakeStatus["visibility"];
    inReplyTo?: string;
    tags?: string[];
    spoilerText?: string;
    language?: string;
  }): FakeStatus;
  /** The account's owner approves an app on the authorize page: the code they are shown. */
  authorize(clientId: string): string;
  /** Notifies the brand of an existing status again. */
  notifyAgain(statusId: string): void;
  /** The author edits a status: new text, `edited_at` set, `status.update` streamed. */
  edit(statusId: string, text: string): FakeStatus;
  /** The author deletes a status: gone from every timeline, `delete` streamed. */
  remove(statusId: string): void;
  /** Sends a text frame as it is to every streaming socket. */
  streamRaw(text: string): void;
  /** Cuts every streaming socket. */
  dropStreams(): void;
  /** Open streaming sockets. */
  streamConnections(): number;
  close(): Promise<void>;
}

const PAGE_LIMITS = { notifications: [40, 80], timeline: [20, 40], search: [20, 40] } as const;
const IDEMPOTENCY_MS = 60 * 60_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const token = options.token ?? "fake-access-token";
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 5 * 60_000;
  const rateLimit = options.rateLimit ?? 300;
  const maxCharacters = options.maxCharacters ?? 500;
  let sequence = 100_000;
  // Snowflake-like: time-ordered decimal strings, longer than a double holds exactly.
  const nextId = () => `${BigInt(now()) * 65_536n + BigInt(++sequence)}`;

  let origin = "";
  const accounts = new Map<string, FakeAccount>();
  const statuses = new Map<string, FakeStatus>();
  const notifications: FakeNotification[] = [];
  const idempotency = new Map<string, { statusId: string; at: number }>();
  const windows = new Map<string, { start: number; used: number }>();
  const posted: FakeMastodon["posted"] = [];
  const requests: string[] = [];
  const apps: FakeMastodon["apps"] = [];
  const hanging = new Set<ServerResponse>();
  const codes = new Map<string, string>();
  const secrets = new Map<string, string>();

  const accountFor = (username: string): FakeAccount => {
    let account = [...accounts.values()].find((a) => a.username === username);
    if (!account) {
      const id = String(accounts.size + 1);
      account = {
        id,
        username,
        acct: username,
        display_name:
          username === "lumenhelp"
            ? "Lumen Mobile Help"
            : `${username[0]!.toUpperCase()}${username.slice(1)}`,
        followers_count: 10 * (accounts.size + 1),
        bot: false,
        url: `${origin}/@${username}`,
      };
      accounts.set(id, account);
    }
    return account;
  };
  const brand = accountFor("lumenhelp");

  function makeStatus(
    account: FakeAccount,
    input: {
      text: string;
      visibility?: FakeStatus["visibility"];
      inReplyTo?: string;
      tags?: string[];
      spoilerText?: string;
      language?: string;
    },
  ): FakeStatus {
    const id = nextId();
    const mentioned = [...input.text.matchAll(/(?:^|\s)@([a-z0-9_]+)(?:@[a-z0-9.-]+)?/gi)].map((m) =>
      accountFor(m[1]!.toLowerCase()),
    );
    const tags = [
      ...new Set([...(input.tags ?? []), ...[...input.text.matchAll(/#(\w+)/g)].map((m) => m[1]!)]),
    ];
    const parent = input.inReplyTo ? statuses.get(input.inReplyTo) : undefined;
    // The content is HTML, as Mastodon renders it: paragraphs, mention and hashtag links.
    const html = escapeHtml(input.text)
      .split(/\n{2,}/)
      .map(
        (p) =>
          `<p>${p
            .replace(/\n/g, "<br />")
            .replace(
              /(^|\s)@([a-z0-9_]+)/gi,
              (_, sp, u) =>
                `${sp}<span class="h-card"><a href="${origin}/@${u}" class="u-url mention">@<span>${u}</span></a></span>`,
            )
            .replace(
              /#(\w+)/g,
              (_, t) =>
                `<a href="${origin}/tags/${t}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`,
            )}</p>`,
      )
      .join("");
    const s: FakeStatus = {
      id,
      uri: `${origin}/users/${account.username}/statuses/${id}`,
      url: `${origin}/@${account.username}/${id}`,
      created_at: new Date(now()).toISOString(),
      account,
      content: html,
      spoiler_text: input.spoilerText ?? "",
      visibility: input.visibility ?? "public",
      language: input.language ?? "en",
      in_reply_to_id: parent?.id ?? null,
      in_reply_to_account_id: parent?.account.id ?? null,
      mentions: mentioned.map((a) => ({ id: a.id, username: a.username, acct: a.acct, url: a.url })),
      tags: tags.map((t) => ({ name: t.toLowerCase(), url: `${origin}/tags/${t.toLowerCase()}` })),
      reblog: null,
      edited_at: null,
    };
    statuses.set(id, s);
    if (account.id !== brand.id && mentioned.some((a) => a.id === brand.id)) {
      const n: FakeNotification = {
        id: nextId(),
        type: "mention",
        created_at: s.created_at,
        account,
        status: s,
      };
      notifications.push(n);
      stream(
        "notification",
        JSON.stringify(n),
        (sub) => sub.stream === "user" || sub.stream === "user:notification",
      );
    }
    if (s.visibility === "public")
      stream(
        "update",
        JSON.stringify(s),
        (sub) => sub.stream === "hashtag" && s.tags.some((t) => t.name === sub.tag),
      );
    return s;
  }

  interface Subscription {
    stream: string;
    tag?: string;
  }
  const sockets = new Map<WsSocket, Subscription[]>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const pinger = setInterval(() => {
    for (const ws of sockets.keys()) ws.ping();
  }, options.pingMs ?? 30_000);
  pinger.unref();

  /** Sends an event to every socket with a subscription `wants`, named as that subscription. */
  function stream(event: string, payload: string, wants: (sub: Subscription) => boolean) {
    for (const [ws, subs] of sockets) {
      for (const sub of subs) {
        if (!wants(sub) || ws.readyState !== 1) continue;
        const name = sub.tag !== undefined ? [sub.stream, sub.tag] : [sub.stream];
        ws.send(JSON.stringify({ stream: name, event, payload }));
      }
    }
  }
  /** Who hears of a change to a status: hashtag streams of its tags, the user stream when it mentions the brand. */
  const hears = (s: FakeStatus) => (sub: Subscription) =>
    (sub.stream === "user" && s.mentions.some((m) => m.id === brand.id)) ||
    (sub.stream === "hashtag" && s.visibility === "public" && s.tags.some((t) => t.name === sub.tag));

  function subscription(stream: unknown, tag: unknown): Subscription | string {
    if (
      stream === "user" ||
      stream === "user:notification" ||
      stream === "public" ||
      stream === "public:local"
    )
      return { stream };
    if (stream === "hashtag" || stream === "hashtag:local") {
      if (typeof tag !== "string" || !tag) return "Missing tag name parameter";
      return { stream, tag: tag.toLowerCase() };
    }
    return "Unknown stream type";
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? "/", origin);
    const refuse = (status: number, error: string) => {
      const body = JSON.stringify({ error });
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Not Found"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    if (url.pathname !== "/api/v1/streaming") return refuse(404, "Not found");
    const offered =
      url.searchParams.get("access_token") ??
      req.headers.authorization?.replace(/^Bearer /, "") ??
      req.headers["sec-websocket-protocol"];
    if (offered !== token) return refuse(401, "Error: Invalid access token");
    const first = url.searchParams.get("stream");
    const initial = first ? subscription(first, url.searchParams.get("tag")) : null;
    if (typeof initial === "string") return refuse(404, initial);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const subs: Subscription[] = initial ? [initial] : [];
      sockets.set(ws, subs);
      ws.on("close", () => sockets.delete(ws));
      ws.on("message", (data) => {
        let message: { type?: unknown; stream?: unknown; tag?: unknown };
        try {
          message = JSON.parse(data.toString("utf8"));
        } catch {
          return ws.send(JSON.stringify({ error: "Could not parse message", status: 400 }));
        }
        const sub = subscription(message.stream, message.tag);
        if (typeof sub === "string") return ws.send(JSON.stringify({ error: sub, status: 400 }));
        const same = (x: Subscription) => x.stream === sub.stream && x.tag === sub.tag;
        if (message.type === "subscribe" && !subs.some(same)) subs.push(sub);
        else if (message.type === "unsubscribe" && subs.some(same)) subs.splice(subs.findIndex(same), 1);
      });
    });
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(text);
  }
  const fail = (res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) =>
    send(res, status, { error }, headers);

  /** Counts the request in the account's window; the headers every answer carries. */
  function limitHeaders(key: string): { headers: Record<string, string>; spent: boolean } {
    const t = now();
    let w = windows.get(key);
    if (!w || t >= w.start + windowMs) {
      w = { start: Math.floor(t / windowMs) * windowMs, used: 0 };
      windows.set(key, w);
    }
    w.used += 1;
    const spent = w.used > rateLimit;
    return {
      spent,
      headers: {
        "x-ratelimit-limit": String(rateLimit),
        "x-ratelimit-remaining": String(Math.max(0, rateLimit - w.used)),
        "x-ratelimit-reset": new Date(w.start + windowMs).toISOString(),
      },
    };
  }

  /** One page of items (newest first) by Mastodon's rules, and the Link header for it. */
  function paginate<T extends { id: string }>(
    all: T[],
    url: URL,
    limits: readonly [number, number],
  ): { page: T[]; link?: string } {
    const q = url.searchParams;
    const asked = Number(q.get("limit") ?? limits[0]);
    const limit = Number.isFinite(asked) && asked > 0 ? Math.min(Math.floor(asked), limits[1]) : limits[0];
    const maxId = q.get("max_id");
    const sinceId = q.get("since_id");
    const minId = q.get("min_id");
    let list = [...all].sort((a, b) => compareIds(b.id, a.id));
    if (maxId) list = list.filter((i) => compareIds(i.id, maxId) < 0);
    if (sinceId) list = list.filter((i) => compareIds(i.id, sinceId) > 0);
    let page: T[];
    if (minId) {
      // The items just newer than min_id: the oldest ones after it, still shown newest first.
      const newer = list.filter((i) => compareIds(i.id, minId) > 0).reverse();
      page = newer.slice(0, limit).reverse();
    } else page = list.slice(0, limit);
    const links: string[] = [];
    const at = (name: string, id: string) => {
      const u = new URL(url.href);
      for (const p of ["max_id", "since_id", "min_id"]) u.searchParams.delete(p);
      u.searchParams.set(name, id);
      return u.href;
    };
    if (page.length === limit) links.push(`<${at("max_id", page.at(-1)!.id)}>; rel="next"`);
    if (page.length > 0) links.push(`<${at("min_id", page[0]!.id)}>; rel="prev"`);
    return { page, ...(links.length ? { link: links.join(", ") } : {}) };
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const type = req.headers["content-type"] ?? "";
    if (!text) return {};
    if (type.includes("application/json")) {
      try {
        const parsed = JSON.parse(text);
        return parsed && typeof parsed === "object" ? parsed : null;
      } catch {
        return null;
      }
    }
    return Object.fromEntries(new URLSearchParams(text));
  }

  /** Mastodon counts a mention of a remote account by its username only. */
  const characters = (text: string) => [...text.replace(/@([a-z0-9_]+)@[a-z0-9.-]+/gi, "@$1")].length;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    requests.push(`${req.method} ${url.pathname}`);
    const fault = /^\/(busy|down|hang|broken|huge)(\/.*)$/.exec(url.pathname);
    if (fault) {
      const [, kind] = fault;
      if (kind === "hang") {
        hanging.add(res);
        return;
      }
      if (kind === "busy") {
        return fail(res, 429, "Too many requests", {
          "x-ratelimit-limit": "300",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": new Date(now() + 120_000).toISOString(),
        });
      }
      if (kind === "down") return fail(res, 503, "Mastodon is down for maintenance");
      if (kind === "broken") {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end('[{"id": "1", "type": "mention", "status": {"id": ');
      }
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        `[${'{"id":"1","type":"follow","created_at":"2026-01-01T00:00:00Z"},'.repeat(120_000)}{}]`,
      );
    }

    if (req.method === "POST" && url.pathname === "/api/v1/apps") {
      const body = await readBody(req);
      if (!body) return fail(res, 400, "Error while parsing the request body");
      const name = typeof body.client_name === "string" ? body.client_name.trim() : "";
      const redirect = typeof body.redirect_uris === "string" ? body.redirect_uris : "";
      if (!name) return fail(res, 422, "Validation failed: Application name can't be blank");
      if (!redirect) return fail(res, 422, "Validation failed: Redirect URI can't be blank");
      const app = {
        client_name: name,
        redirect_uris: redirect,
        scopes: typeof body.scopes === "string" ? body.scopes : "read",
        client_id: `client-${apps.length + 1}`,
      };
      apps.push(app);
      secrets.set(app.client_id, `secret-${apps.length}`);
      return send(res, 200, {
        id: String(apps.length),
        name,
        website: typeof body.website === "string" ? body.website : null,
        scopes: app.scopes.split(/\s+/),
        redirect_uri: redirect,
        redirect_uris: redirect.split(/\s+/),
        client_id: app.client_id,
        client_secret: `secret-${apps.length}`,
      });
    }

    if (req.method === "POST" && url.pathname === "/oauth/token") {
      const body = await readBody(req);
      if (!body) return fail(res, 400, "invalid_request");
      const clientId = String(body.client_id ?? "");
      if (!secrets.has(clientId) || secrets.get(clientId) !== body.client_secret) {
        return send(res, 401, {
          error: "invalid_client",
          error_description:
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        });
      }
      const code = String(body.code ?? "");
      if (body.grant_type !== "authorization_code" || codes.get(code) !== clientId) {
        return send(res, 400, {
          error: "invalid_grant",
          error_description:
            "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
        });
      }
      codes.delete(code);
      return send(res, 200, {
        access_token: token,
        token_type: "Bearer",
        scope: String(body.scope ?? "read"),
        created_at: Math.floor(now() / 1000),
      });
    }

    if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, "The access token is invalid");
    const limits = limitHeaders(brand.id);
    if (limits.spent) return fail(res, 429, "Too many requests", limits.headers);
    const h = limits.headers;

    if (req.method === "GET" && url.pathname === "/api/v2/instance") {
      return send(
        res,
        200,
        {
          domain: new URL(origin).host,
          title: "Fake Mastodon",
          version: "4.3.0",
          configuration: {
            urls: { streaming: origin.replace(/^http/, "ws") },
            statuses: { max_characters: maxCharacters },
          },
        },
        h,
      );
    }

    if (req.method === "GET" && url.pathname === "/api/v1/accounts/verify_credentials")
      return send(res, 200, brand, h);

    if (req.method === "GET" && url.pathname === "/api/v1/notifications") {
      const types = url.searchParams.getAll("types[]");
      const excluded = url.searchParams.getAll("exclude_types[]");
      const list = notifications.filter(
        (n) => (types.length === 0 || types.includes(n.type)) && !excluded.includes(n.type),
      );
      const { page, link } = paginate(list, url, PAGE_LIMITS.notifications);
      return send(res, 200, page, { ...h, ...(link ? { link } : {}) });
    }

    const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && tag) {
      const name = decodeURIComponent(tag[1]!).toLowerCase();
      const list = [...statuses.values()].filter(
        (s) => s.visibility === "public" && s.tags.some((t) => t.name === name),
      );
      const { page, link } = paginate(list, url, PAGE_LIMITS.timeline);
      return send(res, 200, page, { ...h, ...(link ? { link } : {}) });
    }

    if (req.method === "GET" && url.pathname === "/api/v2/search") {
      const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
      if (!q) return send(res, 200, { accounts: [], statuses: [], hashtags: [] }, h);
      const type = url.searchParams.get("type");
      const found =
        options.fullTextSearch && (!type || type === "statuses")
          ? [...statuses.values()].filter(
              (s) => s.visibility === "public" && s.content.toLowerCase().includes(q),
            )
          : [];
      // Search pages by min_id and max_id too, without a Link header.
      const { page } = paginate(found, url, PAGE_LIMITS.search);
      return send(res, 200, { accounts: [], statuses: page, hashtags: [] }, h);
    }

    const one = /^\/api\/v1\/statuses\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && one) {
      // As Mastodon answers the token's account: public and unlisted statuses, its own, and the
      // private and direct ones that mention it; anything else (or deleted) is not found.
      const s = statuses.get(one[1]!);
      const visible =
        s &&
        (s.visibility === "public" ||
          s.visibility === "unlisted" ||
          s.account.id === brand.id ||
          s.mentions.some((m) => m.id === brand.id));
      return visible ? send(res, 200, s, h) : fail(res, 404, "Record not found", h);
    }

    if (req.method === "POST" && url.pathname === "/api/v1/statuses") {
      const body = await readBody(req);
      if (!body) return fail(res, 400, "Error while parsing the request body", h);
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      if (key) {
        const seen = idempotency.get(`${brand.id}:${key}`);
        if (seen && now() - seen.at < IDEMPOTENCY_MS) {
          posted.push({ key, statusId: seen.statusId });
          return send(res, 200, statuses.get(seen.statusId), h);
        }
      }
      const text = typeof body.status === "string" ? body.status : "";
      if (!text.trim()) return fail(res, 422, "Validation failed: Text can't be blank", h);
      if (characters(text) > maxCharacters) {
        return fail(res, 422, `Validation failed: Text character limit of ${maxCharacters} exceeded`, h);
      }
      const visibility = (body.visibility ?? "public") as string;
      if (!["public", "unlisted", "private", "direct"].includes(visibility)) {
        return fail(res, 422, "Validation failed: Visibility is not included in the list", h);
      }
      const inReplyTo = typeof body.in_reply_to_id === "string" ? body.in_reply_to_id : undefined;
      if (inReplyTo && !statuses.has(inReplyTo)) return fail(res, 404, "Record not found", h);
      const s = makeStatus(brand, { text, visibility: visibility as FakeStatus["visibility"], inReplyTo });
      if (key) idempotency.set(`${brand.id}:${key}`, { statusId: s.id, at: now() });
      posted.push({ key, statusId: s.id });
      return send(res, 200, s, h);
    }

    return fail(res, 404, "Record not found", h);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, "We're sorry, but something went wrong on our end.");
    });
  });
  server.on("upgrade", upgrade);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  brand.url = `${origin}/@${brand.username}`;

  return {
    url: origin,
    token,
    brand,
    statuses,
    posted,
    requests,
    apps,
    publish(input) {
      return makeStatus(accountFor(input.by ?? "customer"), input);
    },
    authorize(clientId) {
      if (!secrets.has(clientId)) throw new Error(`no app ${clientId}`);
      const code = `code-${codes.size + 1}-${clientId}`;
      codes.set(code, clientId);
      return code;
    },
    notifyAgain(statusId) {
      const s = statuses.get(statusId);
      if (!s) throw new Error(`no status ${statusId}`);
      notifications.push({
        id: nextId(),
        type: "mention",
        created_at: new Date(now()).toISOString(),
        account: s.account,
        status: s,
      });
    },
    edit(statusId, text) {
      const s = statuses.get(statusId);
      if (!s) throw new Error(`no status ${statusId}`);
      s.content = `<p>${escapeHtml(text)}</p>`;
      s.edited_at = new Date(now()).toISOString();
      stream("status.update", JSON.stringify(s), hears(s));
      return s;
    },
    remove(statusId) {
      const s = statuses.get(statusId);
      if (!s) throw new Error(`no status ${statusId}`);
      statuses.delete(statusId);
      for (let i = notifications.length - 1; i >= 0; i--)
        if (notifications[i]!.status?.id === statusId) notifications.splice(i, 1);
      stream("delete", statusId, hears(s));
    },
    streamRaw(text) {
      for (const ws of sockets.keys()) ws.send(text);
    },
    dropStreams() {
      for (const ws of sockets.keys()) ws.terminate();
      sockets.clear();
    },
    streamConnections: () => sockets.size,
    async close() {
      clearInterval(pinger);
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
