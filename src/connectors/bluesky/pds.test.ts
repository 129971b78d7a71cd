/**
 * The Bluesky connector against a real local network (PLC, PDS, AppView from `@atproto/dev-env`)
 * on 127.0.0.1: notifications and search with their cursors, replies with root and parent, the
 * app-password session and its refresh, a wrong password, and a mention becoming a work item that
 * an agent answers on the PDS. Then the one contract suite, with a fault proxy before the PDS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../../test/support/app.ts";
import { connectorContract } from "../../../test/support/connectorContract.ts";
import { type LocalNetwork, type PdsAccount, startLocalNetwork } from "../../../test/support/pds.ts";
import { ManualClock } from "../../domain/clock.ts";
import { startWorker } from "../../jobs/runner.ts";
import { type Connector, PeerError } from "../contract.ts";
import { startSourceRunner } from "../runner.ts";
import { createBlueskyConnector } from "./connector.ts";
import { blueskyKind } from "./index.ts";
import { type BlueskySettings, blueskySettings } from "./settings.ts";
import type { Session, SessionStore } from "./xrpc.ts";

let net: LocalNetwork;
let names = 0;
/** A fresh account per use: tests share one network. */
const account = (prefix: string) =>
  net.account(`${prefix}${(names++).toString(36)}${process.pid.toString(36)}`);

beforeAll(async () => {
  net = await startLocalNetwork();
}, 300_000);
afterAll(async () => {
  await net?.close();
}, 60_000);

describe("the Bluesky connector against a local PDS", () => {
  const open: Connector[] = [];
  const clock = new ManualClock(Date.now());
  const context = () => ({ clock, signal: new AbortController().signal });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close?.();
  });

  async function brandAccount() {
    const brand = await account("brand");
    return { brand, appPassword: await net.appPassword(brand) };
  }

  function connector(
    brand: PdsAccount,
    password: string,
    settings: Partial<BlueskySettings> = {},
    sessions: SessionStore = new Map(),
  ) {
    const c = createBlueskyConnector(
      {
        id: "s1",
        workspaceId: "w1",
        kind: "bluesky",
        name: "Bluesky",
        settings: blueskySettings.parse({
          serviceUrl: net.pds,
          handle: brand.handle,
          allowPrivateNetwork: true,
          ...settings,
        }),
        credentials: { appPassword: password },
      },
      { sessions },
    );
    open.push(c);
    return c;
  }

  it("listens on loopback only", async () => {
    const addresses = await net.listening();
    expect(addresses.length).toBeGreaterThanOrEqual(4);
    for (const address of addresses) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("reads mentions, replies and quotes once, with author, link, thread, facets and language", async () => {
    const { brand, appPassword } = await brandAccount();
    const dana = await account("dana");
    const c = connector(brand, appPassword);
    const start = await c.pull(null, context());
    expect(start.posts).toEqual([]);

    const announcement = await net.post(brand, "Our outage is over");
    const mention = await net.post(dana, `@${brand.handle} my bill is wrong #billing`, { mentions: [brand] });
    const reply = await net.post(dana, "Still down here", {
      reply: { root: announcement, parent: announcement },
    });
    const quoteRecord = await net.xrpc("POST", "com.atproto.repo.createRecord", {
      token: dana.accessJwt,
      body: {
        repo: dana.did,
        collection: "app.bsky.feed.post",
        record: {
          $type: "app.bsky.feed.post",
          text: "Read this 👇 lumen.example/status/outa...",
          langs: ["en-GB"],
          createdAt: new Date().toISOString(),
          facets: [
            {
              index: { byteStart: 15, byteEnd: 43 },
              features: [
                { $type: "app.bsky.richtext.facet#link", uri: "https://lumen.example/status/outage-4" },
              ],
            },
          ],
          embed: { $type: "app.bsky.embed.record", record: announcement },
        },
      },
    });
    expect(quoteRecord.status).toBe(200);
    const quote = String(quoteRecord.body.uri);
    await net.post(dana, "Nothing to do with anyone");
    await net.sync();

    const batch = await c.pull(start.cursor, context());
    const byId = new Map(batch.posts.map((p) => [p.platformId, p]));
    expect([...byId.keys()].sort()).toEqual([mention.uri, reply.uri, quote].sort());
    expect(byId.get(mention.uri)).toMatchObject({
      platform: "bluesky",
      text: `@${brand.handle} my bill is wrong #billing`,
      url: `https://bsky.app/profile/${dana.handle}/post/${mention.uri.split("/").pop()}`,
      author: { platform: "bluesky", platformId: dana.did, handle: dana.handle },
      channel: "public",
      mentions: [brand.handle],
      hashtags: ["billing"],
    });
    expect(byId.get(reply.uri)!.replyToPlatformId).toBe(announcement.uri);
    // The shortened link is written out in full; the record's language is kept.
    expect(byId.get(quote)).toMatchObject({
      text: "Read this 👇 https://lumen.example/status/outage-4",
      language: "en",
      quotes: { platformId: announcement.uri, authorPlatformId: brand.did, authorHandle: brand.handle },
    });
    expect(batch.rejects).toEqual([]);
    expect(batch.idleMs).toBe(60_000);

    const again = await c.pull(batch.cursor, context());
    expect(again.posts).toEqual([]);
  });

  it("searches by keyword across pages, from where it stopped", async () => {
    const { brand, appPassword } = await brandAccount();
    const word = `zork${process.pid.toString(36)}${names}`;
    const c = connector(brand, appPassword, { mentions: false, searches: [word] });
    const start = await c.pull(null, context());
    const authors = [await account("eli"), await account("fay")];
    const made: string[] = [];
    for (let i = 0; i < 130; i++) made.push((await net.post(authors[i % 2]!, `Is ${word} down? (${i})`)).uri);
    await net.post(authors[0]!, "Unrelated words");
    await net.sync();
    const batch = await c.pull(start.cursor, context());
    expect(batch.posts.map((p) => p.platformId).sort()).toEqual([...made].sort());
    const later = await net.post(authors[1]!, `${word} again`);
    await net.sync();
    const next = await c.pull(batch.cursor, context());
    expect(next.posts.map((p) => p.platformId)).toEqual([later.uri]);
  });

  it("replies in the thread with its root and parent, once however often it is sent", async () => {
    const { brand, appPassword } = await brandAccount();
    const gus = await account("gus");
    const root = await net.post(gus, `@${brand.handle} my router`, { mentions: [brand] });
    const parent = await net.post(gus, "and it blinks red", { reply: { root, parent: root } });
    await net.sync();
    const c = connector(brand, appPassword);
    const reply = {
      idempotencyKey: "01935e5c-2f4a-7b21-9c3d-5e6f7a8b9c0d",
      text: "Sorry! Could you send us your account number?",
      inReplyTo: parent.uri,
      channel: "public" as const,
    };
    const sent = await c.send!(reply, context());
    expect(sent.platformId).toMatch(new RegExp(`^at://${brand.did}/app\\.bsky\\.feed\\.post/`));
    expect(sent.author).toEqual({ platformId: brand.did, handle: brand.handle });
    const record = await net.record(sent.platformId);
    expect(record?.value).toMatchObject({
      text: reply.text,
      reply: { root: { uri: root.uri, cid: root.cid }, parent: { uri: parent.uri, cid: parent.cid } },
    });
    // Sent again (a retry after a lost answer), from another process with no session yet.
    const other = connector(brand, appPassword);
    expect((await other.send!(reply, context())).platformId).toBe(sent.platformId);
    const list = await net.xrpc("GET", "com.atproto.repo.listRecords", {
      params: { repo: brand.did, collection: "app.bsky.feed.post" },
    });
    expect((list.body.records as unknown[]).length).toBe(1);
  });

  it("refuses to reply to a post that is gone", async () => {
    const { brand, appPassword } = await brandAccount();
    const hal = await account("hal");
    const post = await net.post(hal, "soon gone");
    await net.deletePost(hal, post.uri);
    await net.sync();
    const c = connector(brand, appPassword);
    const send = c.send!(
      { idempotencyKey: "k-gone", text: "Hello", inReplyTo: post.uri, channel: "public" },
      context(),
    );
    await expect(send).rejects.toMatchObject({ kind: "refused" });
  });

  it("renews an expired access token with the refresh token and goes on", async () => {
    const { brand, appPassword } = await brandAccount();
    const signedIn = await net.xrpc("POST", "com.atproto.server.createSession", {
      body: { identifier: brand.handle, password: appPassword },
    });
    const refreshJwt = String(signedIn.body.refreshJwt);
    const expired = await net.expiredToken(brand.did);
    // The PDS itself says the token has expired.
    const probe = await net.xrpc("GET", "app.bsky.notification.listNotifications", { token: expired });
    expect(probe).toMatchObject({ status: 400, body: { error: "ExpiredToken" } });

    const sessions: SessionStore = new Map();
    const c = connector(brand, appPassword, {}, sessions);
    const first = await c.pull(null, context());
    // The session as it stands two hours after signing in.
    const [[sessionKey, fresh]] = [...sessions.entries()] as [[string, Session]];
    sessions.set(sessionKey, { ...fresh, accessJwt: expired, refreshJwt });
    const ivy = await account("ivy");
    const post = await net.post(ivy, `@${brand.handle} hello`, { mentions: [brand] });
    await net.sync();
    const batch = await c.pull(first.cursor, context());
    expect(batch.posts.map((p) => p.platformId)).toEqual([post.uri]);
    const renewed = sessions.get(sessionKey)!;
    expect(renewed.accessJwt).not.toBe(expired);
    // The refresh token is rotated, as the PDS does on every refresh.
    expect(renewed.refreshJwt).not.toBe(refreshJwt);
  });

  it("says a wrong app password is refused", async () => {
    const { brand } = await brandAccount();
    const c = connector(brand, "wron-gpas-swor-dxxx");
    const pull = c.pull(null, context());
    await expect(pull).rejects.toBeInstanceOf(PeerError);
    await expect(pull).rejects.toMatchObject({
      kind: "refused",
      message: expect.stringContaining("refused the handle or app password"),
    });
  });

  it("tests its connection: signs in, reads the notifications and the searches, or says what is refused", async () => {
    const { brand, appPassword } = await brandAccount();
    const dana = await account("dana");
    await net.post(dana, `@${brand.handle} hello there`, { mentions: [brand] });
    await net.sync();
    const good = await connector(brand, appPassword, { searches: ["hello"] }).check!(context());
    expect(good).toEqual({
      ok: true,
      found: [
        `Signed in to ${new URL(net.pds).host} as @${brand.handle} (${brand.did})`,
        "The account's notifications can be read (1 of the newest)",
        expect.stringMatching(/^Searching for "hello" finds \d+ posts$/),
      ],
      problems: [],
    });
    const wrong = await connector(brand, "wron-gpas-swor-dxxx").check!(context());
    expect(wrong).toMatchObject({
      ok: false,
      found: [],
      problems: [expect.stringContaining("app password")],
    });
  });
});

describe.each(appBackends)("the whole loop on Bluesky, on $name", ({ postgres }) => {
  let t: TestApp;
  const clock = new ManualClock(Date.now());
  beforeEach(async () => {
    t = await testApp({ postgres, core: { clock, credentialsKey: "a-test-key-of-at-least-32-characters" } });
  });
  afterEach(async () => {
    await t.close();
  });

  async function addSource(handle: string, appPassword: string) {
    const admin = await t.signIn("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
      payload: {
        kind: "bluesky",
        name: "Lumen on Bluesky",
        settings: { serviceUrl: net.pds, handle, allowPrivateNetwork: true },
        credentials: { appPassword },
      },
    });
    expect(created.statusCode).toBe(201);
    return created.json().source.id as string;
  }

  async function runSources(until: () => Promise<boolean>) {
    const runner = startSourceRunner({
      store: t.core.store,
      pipeline: t.core.pipeline,
      box: t.core.box,
      clock,
      scanMs: 0,
    });
    await runner.scan();
    const end = Date.now() + 15_000;
    while (Date.now() < end && !(await until())) await new Promise((r) => setTimeout(r, 50));
    await runner.stop();
  }

  it("turns a mention made on the PDS into a work item, and the agent's answer appears there in the thread", async () => {
    const brand = await account("lumen");
    const appPassword = await net.appPassword(brand);
    // The account is one of the brand's: posts addressed to it open work.
    await t.core.store.workspaces.update(t.workspaceId, { brandHandles: ["lumenhelp", brand.handle] });
    const sourceId = await addSource(brand.handle, appPassword);
    // The first read sets the source's place; what is posted after it is what arrives.
    await runSources(async () => (await t.core.store.sources.get(sourceId))!.cursor !== null);
    const jo = await account("jo");
    const question = await net.post(jo, `@${brand.handle} I was charged twice this month, can you check?`, {
      mentions: [brand],
    });
    await net.sync();
    clock.advance(120_000);
    await runSources(
      async () => (await t.core.store.views.workItems(t.workspaceId, { limit: 10 })).length > 0,
    );
    const [item] = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    expect(item).toMatchObject({
      post: { platform: "bluesky", platformId: question.uri, channel: "public" },
    });

    const agent = await t.signIn("agent");
    await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/claim`,
      headers: { cookie: agent.cookie },
    });
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
    });
    expect(listed.json().channel).toMatchObject({ platform: "bluesky", unavailable: null, maxLength: 300 });
    const text = "Sorry about that! The second charge is refunded today.";
    const queued = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
      payload: { text, channel: "public" },
    });
    expect(queued.statusCode).toBe(202);
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: t.core.jobs.filter((j) => j.name === "reply.send"),
      pollMs: 0,
    });
    expect(await worker.tick()).toBe(1);
    await worker.stop();

    const reply = (
      await t.app.inject({
        method: "GET",
        url: `/api/work-items/${item!.id}/replies`,
        headers: { cookie: agent.cookie },
      })
    ).json().items[0];
    expect(reply).toMatchObject({ status: "sent" });
    const record = await net.record(reply.platformId);
    expect(record?.value).toMatchObject({
      text,
      reply: { root: question, parent: question },
    });
    expect(reply.platformId.startsWith(`at://${brand.did}/`)).toBe(true);
    const thread = await t.core.store.views.conversationPosts(t.workspaceId, item!.conversationId);
    expect(thread.map((p) => [p.platformId, p.author.isBrand])).toEqual([
      [question.uri, false],
      [reply.platformId, true],
    ]);
  });

  it("stops a source whose app password is refused and says so in its health", async () => {
    const brand = await account("lumen");
    const sourceId = await addSource(brand.handle, "abcd-efgh-ijkl-mnop");
    await runSources(async () => !(await t.core.store.sources.get(sourceId))!.enabled);
    const admin = await t.signIn("admin");
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
    });
    const health = listed.json().items.find((s: { id: string }) => s.id === sourceId);
    expect(health).toMatchObject({ enabled: false, health: { state: "disabled" } });
    expect(health.health.lastError).toContain("refused the handle or app password");
  });
});

/** A proxy before the PDS that injects one fault into the path it is given, passing the rest on. */
async function startFaultProxy(
  target: string,
  now: () => number,
): Promise<{ url: string; close(): Promise<void> }> {
  const held: ServerResponse[] = [];
  const forward = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await fetch(`${target}${path}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => ["authorization", "content-type", "accept"].includes(k)),
      ) as Record<string, string>,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
  const server: Server = createServer((req, res) => {
    const [, fault, ...rest] = (req.url ?? "/").split("/");
    const path = `/${rest.join("/")}`;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const reads = path.startsWith("/xrpc/app.bsky.notification.listNotifications");
    if (fault === "busy") {
      // Bluesky's limit headers: the window, what is left, and its reset in epoch seconds.
      return json(
        429,
        { error: "RateLimitExceeded", message: "Rate Limit Exceeded" },
        {
          "ratelimit-limit": "3000",
          "ratelimit-remaining": "0",
          "ratelimit-reset": String(Math.ceil(now() / 1000) + 120),
          "ratelimit-policy": "3000;w=300",
        },
      );
    }
    if (fault === "down")
      return json(503, { error: "InternalServerError", message: "Internal Server Error" });
    if (fault === "hang") return void held.push(res);
    if (fault === "broken" && reads) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"notifications": [{"uri": "at://');
    }
    if (fault === "huge" && reads) {
      return json(200, { notifications: [], filler: "x".repeat(600 * 1024) });
    }
    forward(req, res, path).catch(() => json(502, { error: "BadGateway" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

connectorContract(
  "bluesky",
  ["rate_limited", "unavailable", "hang", "malformed", "oversized"],
  async ({ clock }) => {
    const brand = await account("lumen");
    const appPassword = await net.appPassword(brand);
    const word = `bill${names.toString(36)}x${process.pid.toString(36)}`;
    const proxy = await startFaultProxy(net.pds, () => clock.now());
    const people = new Map<string, PdsAccount>();
    const uris = new Map<string, { uri: string; rkey: string; record: Record<string, unknown> }>();
    // Every post reaches the source twice: as a mention and through a search for a word it holds.
    const at = (serviceUrl: string) => ({
      serviceUrl,
      handle: brand.handle,
      searches: [word],
      allowPrivateNetwork: true,
    });
    return {
      kind: {
        ...blueskyKind,
        create: (source) => createBlueskyConnector(source, { timeoutMs: 1500, maxBytes: 512 * 1024 }),
      },
      settings: () => at(net.pds),
      credentials: { appPassword },
      async publish(ids) {
        for (const id of ids) {
          const known = uris.get(id);
          const by = people.get(id) ?? (await account("p"));
          people.set(id, by);
          if (known) {
            // The same post again: withdrawn and written back under its own record key (the
            // AppView indexes it anew; it does not notify it again).
            await net.deletePost(by, known.uri);
            await net.sync();
            const again = await net.xrpc("POST", "com.atproto.repo.createRecord", {
              token: by.accessJwt,
              body: {
                repo: by.did,
                collection: "app.bsky.feed.post",
                rkey: known.rkey,
                record: known.record,
              },
            });
            if (again.status !== 200) throw new Error(JSON.stringify(again.body));
            continue;
          }
          const text = `@${brand.handle} ${id}: my ${word} is wrong`;
          const made = await net.post(by, text, { mentions: [brand] });
          const stored = await net.record(made.uri);
          uris.set(id, { uri: made.uri, rkey: made.uri.split("/").pop()!, record: stored!.value });
        }
        await net.sync();
      },
      storedId: (id) => uris.get(id)!.uri,
      faulty: {
        rate_limited: () => at(`${proxy.url}/busy`),
        unavailable: () => at(`${proxy.url}/down`),
        hang: () => at(`${proxy.url}/hang`),
        malformed: () => at(`${proxy.url}/broken`),
        oversized: () => at(`${proxy.url}/huge`),
      },
      close: () => proxy.close(),
    };
  },
);
