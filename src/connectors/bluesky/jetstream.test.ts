/**
 * The Jetstream reader against a local replay that serves frames as Jetstream documents them:
 * what an event becomes, and a stream read through the runner with its process stopped and the
 * service's connections cut mid-way, compared by count and ids (nothing lost, nothing twice).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../../test/support/databases.ts";
import { type JetstreamReplay, makeFirehose, startJetstreamReplay } from "../../../test/support/jetstream.ts";
import { createMemoryBus } from "../../bus/index.ts";
import { ManualClock } from "../../domain/clock.ts";
import { workspaceContexts } from "../../pipeline/context.ts";
import { IngestPipeline } from "../../pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../../store/index.ts";
import { sql } from "../../store/orm.ts";
import { PeerError } from "../contract.ts";
import { startSourceRunner } from "../runner.ts";
import { secretBox } from "../secretBox.ts";
import { createJetstreamConnector, jetstreamKind, jetstreamSettings } from "./jetstream.ts";
import { readJetstreamEvent } from "./jetstreamEvents.ts";

const frame = (over: Record<string, unknown> = {}, commit: Record<string, unknown> = {}) =>
  JSON.stringify({
    did: "did:plc:eve",
    time_us: 1_764_633_600_000_001,
    kind: "commit",
    commit: {
      rev: "3l3qo2vuowo2b",
      operation: "create",
      collection: "app.bsky.feed.post",
      rkey: "3l3qo2vutsw2b",
      record: {
        $type: "app.bsky.feed.post",
        createdAt: "2025-12-02T00:00:00.000Z",
        langs: ["pt-BR"],
        text: "@lumenhelp my order never came",
        reply: {
          root: { uri: "at://did:plc:a/app.bsky.feed.post/1", cid: "bafyroot" },
          parent: { uri: "at://did:plc:a/app.bsky.feed.post/2", cid: "bafyparent" },
        },
      },
      cid: "bafyreipost",
      ...commit,
    },
    ...over,
  });

describe("Jetstream events", () => {
  it("reads a created post with its URI, author, language, thread and link", () => {
    const event = readJetstreamEvent(frame(), () => "eve.bsky.social");
    expect(event).toMatchObject({
      type: "post",
      timeUs: 1_764_633_600_000_001,
      draft: {
        platform: "bluesky",
        platformId: "at://did:plc:eve/app.bsky.feed.post/3l3qo2vutsw2b",
        url: "https://bsky.app/profile/eve.bsky.social/post/3l3qo2vutsw2b",
        text: "@lumenhelp my order never came",
        author: { platformId: "did:plc:eve", handle: "eve.bsky.social" },
        language: "pt",
        replyToPlatformId: "at://did:plc:a/app.bsky.feed.post/2",
      },
    });
  });

  it("reads the post a quote post quotes, by its author's DID and handle when an identity event told it", () => {
    const quoted = "at://did:plc:brand/app.bsky.feed.post/3kq";
    const event = readJetstreamEvent(
      frame(
        {},
        {
          record: {
            $type: "app.bsky.feed.post",
            createdAt: "2025-12-02T00:00:00.000Z",
            text: "so the outage is not over",
            embed: { $type: "app.bsky.embed.record", record: { uri: quoted, cid: "bafyq" } },
          },
        },
      ),
      (did) => (did === "did:plc:brand" ? "lumen.bsky.social" : undefined),
    );
    expect(event).toMatchObject({
      type: "post",
      draft: {
        quotes: { platformId: quoted, authorPlatformId: "did:plc:brand", authorHandle: "lumen.bsky.social" },
      },
    });
  });

  it("names the deleted post, passes other collections and kinds by, and says what it cannot read", () => {
    expect(
      readJetstreamEvent(frame({}, { operation: "delete", record: undefined }), () => undefined),
    ).toEqual({
      type: "delete",
      timeUs: 1_764_633_600_000_001,
      uri: "at://did:plc:eve/app.bsky.feed.post/3l3qo2vutsw2b",
    });
    expect(readJetstreamEvent(frame({}, { collection: "app.bsky.feed.like" }), () => undefined).type).toBe(
      "other",
    );
    expect(
      readJetstreamEvent(
        JSON.stringify({
          did: "did:plc:eve",
          time_us: 5,
          kind: "identity",
          identity: { handle: "eve.test" },
        }),
        () => undefined,
      ),
    ).toEqual({ type: "identity", timeUs: 5, did: "did:plc:eve", handle: "eve.test" });
    expect(readJetstreamEvent('{"did": "x", "time_us"', () => undefined)).toMatchObject({
      type: "unreadable",
      code: "malformed_payload",
    });
    expect(readJetstreamEvent(frame({}, { record: { text: 5 } }), () => undefined)).toMatchObject({
      type: "unreadable",
      timeUs: 1_764_633_600_000_001,
    });
  });

  it("names the author by handle once an identity event told it", async () => {
    const replay = await startJetstreamReplay([
      {
        time_us: 10,
        did: "did:plc:eve",
        kind: "identity",
        text: JSON.stringify({
          did: "did:plc:eve",
          time_us: 10,
          kind: "identity",
          identity: { did: "did:plc:eve", handle: "eve.test" },
        }),
      },
      {
        time_us: 11,
        did: "did:plc:eve",
        kind: "commit",
        collection: "app.bsky.feed.post",
        text: frame({ time_us: 11 }),
      },
    ]);
    const c = createJetstreamConnector(
      {
        id: "s",
        workspaceId: "w",
        kind: "bluesky-jetstream",
        name: "J",
        settings: jetstreamSettings.parse({ url: replay.url, allowPrivateNetwork: true }),
        credentials: {},
      },
      { waitMs: 2000 },
    );
    const clock = new ManualClock(Date.now());
    const batch = await c.pull("1", { clock, signal: new AbortController().signal });
    expect(batch.posts.map((p) => p.author.handle)).toEqual(["eve.test"]);
    expect(batch.cursor).toBe("11");
    await c.close?.();
    await replay.close();
  });

  it("hands an edit over as edited, and among the posts so an edit that now names the brand is kept", async () => {
    const edit = (time_us: number, text: string) =>
      frame({ time_us }, { operation: "update", record: { ...record, text } });
    const record = {
      $type: "app.bsky.feed.post",
      createdAt: "2025-12-02T00:00:00.000Z",
      text: "nice weather",
    };
    const replay = await startJetstreamReplay(
      [
        frame({ time_us: 20 }, { record }),
        edit(21, "nice weather, but @lumenhelp lost my parcel"),
        frame({ time_us: 22 }, { operation: "delete", record: undefined }),
      ].map((text, i) => ({
        time_us: 20 + i,
        did: "did:plc:eve",
        kind: "commit",
        collection: "app.bsky.feed.post",
        text,
      })),
    );
    const c = createJetstreamConnector(
      {
        id: "s",
        workspaceId: "w",
        kind: "bluesky-jetstream",
        name: "J",
        settings: jetstreamSettings.parse({ url: replay.url, allowPrivateNetwork: true }),
        credentials: {},
      },
      { waitMs: 2000 },
    );
    const uri = "at://did:plc:eve/app.bsky.feed.post/3l3qo2vutsw2b";
    const batch = await c.pull("19", {
      clock: new ManualClock(Date.now()),
      signal: new AbortController().signal,
    });
    expect(batch.posts.map((p) => [p.platformId, p.text])).toEqual([
      [uri, "nice weather"],
      [uri, "nice weather, but @lumenhelp lost my parcel"],
    ]);
    expect(batch.edited?.map((p) => [p.platformId, p.text])).toEqual([
      [uri, "nice weather, but @lumenhelp lost my parcel"],
    ]);
    expect(batch.withdrawn).toEqual([uri]);
    await c.close?.();
    await replay.close();
  });

  it("refuses a loopback address unless the source allows it", async () => {
    const c = createJetstreamConnector({
      id: "s",
      workspaceId: "w",
      kind: "bluesky-jetstream",
      name: "J",
      settings: jetstreamSettings.parse({ url: "ws://127.0.0.1:9/subscribe" }),
      credentials: {},
    });
    const pull = c.pull(null, { clock: new ManualClock(0), signal: new AbortController().signal });
    await expect(pull).rejects.toBeInstanceOf(PeerError);
    await expect(pull).rejects.toMatchObject({ kind: "refused" });
  });
});

describe.each(backends())("a Jetstream source through the runner on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let workspaceId: string;
  let replay: JetstreamReplay;
  const clock = new ManualClock(Date.now());
  const box = secretBox("jetstream-test-key-jetstream-test-key");

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const contexts = workspaceContexts(store);
    pipeline = new IngestPipeline({
      store,
      bus: createMemoryBus(),
      contextFor: (id) => contexts.get(id),
      workers: false,
    });
    workspaceId = (
      await store.workspaces.create({ name: "J", brandHandles: ["lumenhelp"], brandNames: ["Lumen"] })
    ).id;
    await store.campaigns.create(workspaceId, { name: "Brand", query: "lumen OR @lumenhelp" });
  });
  afterEach(async () => {
    await pipeline.close();
    await database.close();
    await replay?.close();
  });

  const stored = async () =>
    (
      await database.rows<{ platform_id: string }>(
        sql`select platform_id from posts where workspace_id = ${workspaceId}`,
      )
    ).map((r) => r.platform_id);

  async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("keeps the brand's posts of a stream stopped, cut and resumed from its cursor: none lost, none twice", async () => {
    const { events, brandPosts } = makeFirehose({
      seed: 5,
      count: 20_000,
      brandShare: 0.05,
      deleteShare: 0.01,
    });
    replay = await startJetstreamReplay();
    const source = await store.sources.create(workspaceId, {
      kind: "bluesky-jetstream",
      name: "Every post",
      config: { url: replay.url, allowPrivateNetwork: true },
      credentials: null,
    });
    const runner = () =>
      startSourceRunner({
        store,
        pipeline,
        box,
        clock,
        scanMs: 0,
        kindOf: () => ({
          ...jetstreamKind,
          create: (s) => createJetstreamConnector(s as never, { batch: 700 }),
        }),
        random: () => 1,
      });
    const half = Math.floor(events.length / 2);
    const inFirstHalf = new Set(
      events.slice(0, half).map((e) => {
        const f = JSON.parse(e.text) as { did: string; commit?: { collection: string; rkey: string } };
        return `at://${f.did}/${f.commit?.collection}/${f.commit?.rkey}`;
      }),
    );
    const firstBrand = brandPosts.filter((uri) => inFirstHalf.has(uri));
    // One process reads part of the stream and stops.
    let r = runner();
    await r.scan();
    // Without a cursor the stream starts live: the events come once the source listens.
    await until(async () => replay.connections() > 0, "the connection");
    replay.add(events.slice(0, half));
    await until(async () => (await stored()).length >= firstBrand.length / 3, "a third of the posts");
    await r.stop();
    const firstCursor = (await store.sources.get(source.id))!.cursor?.value;
    expect(Number(firstCursor)).toBeLessThan(events[half - 1]!.time_us);
    // The next one takes over from the saved cursor, which the service plays from.
    r = runner();
    await r.scan();
    await until(async () => (await stored()).length >= firstBrand.length, "the first half", 60_000);
    // The service cuts the connection; the rest of the stream arrives while no one listens.
    replay.drop();
    replay.add(events.slice(half));
    await until(async () => (await store.sources.get(source.id))!.failures >= 1, "the cut to be noticed");
    // Backoff waits 2 s, then connects again from the cursor.
    await until(async () => (await stored()).length >= brandPosts.length, "the rest", 60_000);
    await r.stop();
    const ids = await stored();
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.sort()).toEqual([...brandPosts].sort());
    // Posts deleted at the source keep their place in the thread, without what they said.
    const deleted = new Set(
      events.flatMap((e) => {
        const f = JSON.parse(e.text) as { did: string; commit?: { operation: string; rkey: string } };
        return f.commit?.operation === "delete" ? [`at://${f.did}/app.bsky.feed.post/${f.commit.rkey}`] : [];
      }),
    );
    const deletedBrand = brandPosts.filter((uri) => deleted.has(uri));
    expect(deletedBrand.length).toBeGreaterThan(0);
    const texts = new Map(
      (
        await database.rows<{ platform_id: string; text: string }>(
          sql`select platform_id, text from posts where workspace_id = ${workspaceId}`,
        )
      ).map((r) => [r.platform_id, r.text]),
    );
    for (const uri of brandPosts) expect(texts.get(uri) === "").toBe(deleted.has(uri));
    const notes = await store.audit.list(workspaceId, { action: "post.withdrawn", limit: 1000 });
    expect(notes.map((n) => (n.detail as { platformId: string }).platformId).sort()).toEqual(
      deletedBrand.sort(),
    );
    // Each on the post's work item where it has one, else on the post.
    for (const n of notes) expect(["work_item", "post"]).toContain(n.subjectType);
    const row = (await store.sources.get(source.id))!;
    expect(row.cursor?.value).toBe(String(events.at(-1)!.time_us));
  }, 120_000);
});
