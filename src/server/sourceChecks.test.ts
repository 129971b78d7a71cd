/**
 * "Test connection" for the kinds that read the network, through `POST /api/sources/check`: a feed
 * served over HTTP, the fake Mastodon instance and a local Jetstream each answer what was found,
 * and a wrong address or token says what is wrong. Nothing is stored.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { type FakeMastodon, startFakeMastodon } from "../../test/support/fakeMastodon.ts";
import { atom, entries } from "../../test/support/feeds.ts";
import { type JetstreamReplay, makeFirehose, startJetstreamReplay } from "../../test/support/jetstream.ts";

let feedServer: Server;
let feedUrl: string;
let fake: FakeMastodon;
let replay: JetstreamReplay;

beforeAll(async () => {
  feedServer = createServer((req, res) => {
    if (req.url === "/feed.xml") {
      res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" });
      res.end(atom(entries(3)));
    } else if (req.url === "/moved") {
      res.writeHead(301, { location: "/feed.xml" });
      res.end();
    } else if (req.url === "/page.html") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>not a feed</body></html>");
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => feedServer.listen(0, "127.0.0.1", resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
  fake = await startFakeMastodon();
  replay = await startJetstreamReplay();
});
afterAll(async () => {
  await new Promise<void>((resolve) => feedServer.close(() => resolve()));
  await fake.close();
  await replay.close();
});

describe.each(appBackends)("testing a source's connection on $name", ({ postgres }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ postgres });
  });
  afterEach(async () => {
    await t.close();
  });

  async function check(payload: Record<string, unknown>) {
    const admin = await t.signIn("admin");
    const answer = await t.app.inject({
      method: "POST",
      url: "/api/sources/check",
      headers: { cookie: admin.cookie },
      payload,
    });
    expect(answer.statusCode).toBe(200);
    return answer.json() as { ok: boolean; found: string[]; problems: string[] };
  }

  it("reads a feed once and says what it holds, where it leads, and what is wrong", async () => {
    const settings = (path: string) => ({ url: `${feedUrl}${path}`, allowPrivateNetwork: true });
    expect(await check({ kind: "feed", settings: settings("/feed.xml") })).toEqual({
      ok: true,
      found: [expect.stringMatching(/^An Atom feed ".+" with 3 entries$/)],
      problems: [],
    });
    const moved = await check({ kind: "feed", settings: settings("/moved") });
    expect(moved.ok).toBe(true);
    expect(moved.found[0]).toBe(`The address leads to ${feedUrl}/feed.xml`);
    const page = await check({ kind: "feed", settings: settings("/page.html") });
    expect(page.ok).toBe(false);
    expect(page.problems).toHaveLength(1);
    const missing = await check({ kind: "feed", settings: settings("/gone") });
    expect(missing).toMatchObject({ ok: false, problems: [expect.stringMatching(/HTTP 404/)] });
    // A loopback address without the admin's leave is refused before anything is fetched.
    const guarded = await check({ kind: "feed", settings: { url: `${feedUrl}/feed.xml` } });
    expect(guarded.ok).toBe(false);
    expect(await t.core.store.sources.list(t.workspaceId)).toEqual([]);
  });

  it("signs in to a Mastodon instance with the token and reads its timelines once", async () => {
    const settings = {
      instanceUrl: fake.url,
      allowPrivateNetwork: true,
      hashtags: ["LumenDown"],
      streaming: true,
    };
    const good = await check({ kind: "mastodon", settings, credentials: { accessToken: fake.token } });
    expect(good.ok).toBe(true);
    expect(good.found).toEqual([
      `Signed in to ${new URL(fake.url).host} as @${fake.brand.acct}`,
      expect.stringMatching(/^\d+ requests left in this window$/),
      `Live updates from ${fake.url.replace(/^http/, "ws")}/api/v1/streaming`,
      "Mentions, hashtags and searches can be read (2 timelines)",
    ]);
    const wrong = await check({ kind: "mastodon", settings, credentials: { accessToken: "not-the-token" } });
    expect(wrong).toMatchObject({ ok: false, found: [], problems: [expect.stringMatching(/HTTP 401/)] });
  });

  it("listens to a Jetstream for a moment and counts what it streams", async () => {
    // The stream goes on while the test runs: 20 events every 100 ms, from a seeded firehose.
    const { events } = makeFirehose({ seed: 9, count: 20_000, brandShare: 0.1 });
    const feeding = setInterval(() => replay.add(events.splice(0, 20)), 100);
    try {
      const good = await check({
        kind: "bluesky-jetstream",
        settings: { url: replay.url, allowPrivateNetwork: true },
      });
      expect(good.ok).toBe(true);
      expect(good.found[0]).toMatch(/^127\.0\.0\.1:\d+ streams: \d+ events in \d+ s, \d+ of them posts$/);
    } finally {
      clearInterval(feeding);
    }
    const closed = await check({
      kind: "bluesky-jetstream",
      settings: { url: "ws://127.0.0.1:9/subscribe", allowPrivateNetwork: true },
    });
    expect(closed).toMatchObject({ ok: false, problems: [expect.stringMatching(/could not be reached/)] });
    expect(replay.connections()).toBe(0);
  });
});
