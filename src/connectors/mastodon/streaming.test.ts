/**
 * A Mastodon source in streaming mode, through the runner, against the fake instance's streaming
 * server (a real WebSocket server with Mastodon's frames): posts arrive on the socket, edits and
 * deletes reach what is stored, a malformed frame becomes a dead letter while the stream goes on,
 * and a cut socket is opened again with a REST catch-up that loses nothing and stores nothing twice.
 */
import { Agent } from "undici";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../../test/support/databases.ts";
import { type FakeMastodon, startFakeMastodon } from "../../../test/support/fakeMastodon.ts";
import { createMemoryBus } from "../../bus/index.ts";
import { systemClock } from "../../domain/clock.ts";
import { workspaceContexts } from "../../pipeline/context.ts";
import { IngestPipeline } from "../../pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../../store/index.ts";
import { sql } from "../../store/orm.ts";
import { type SourceRunner, startSourceRunner } from "../runner.ts";
import { secretBox } from "../secretBox.ts";
import { LiveStream, readStreamEvent } from "./streaming.ts";

describe("Mastodon stream events", () => {
  const statusJson = {
    id: "113000000000000001",
    uri: "https://example.social/users/dana/statuses/113000000000000001",
    url: "https://example.social/@dana/113000000000000001",
    created_at: "2026-12-02T10:00:00.000Z",
    edited_at: "2026-12-02T10:05:00.000Z",
    account: { id: "7", username: "dana", acct: "dana" },
    content: "<p>The outage is <b>still</b> on</p>",
    visibility: "public",
    mentions: [],
    tags: [{ name: "lumendown" }],
  };
  it("reads updates, edits, notifications and deletes; a home timeline's statuses are no concern", () => {
    const payload = JSON.stringify(statusJson);
    expect(
      readStreamEvent(JSON.stringify({ stream: ["hashtag", "LumenDown"], event: "update", payload })),
    ).toMatchObject({ type: "status", tag: "lumendown", status: { id: statusJson.id } });
    expect(readStreamEvent(JSON.stringify({ stream: ["user"], event: "update", payload })).type).toBe(
      "other",
    );
    expect(
      readStreamEvent(JSON.stringify({ stream: ["user"], event: "status.update", payload })),
    ).toMatchObject({
      type: "edit",
      status: { id: statusJson.id, edited_at: statusJson.edited_at },
    });
    expect(
      readStreamEvent(
        JSON.stringify({
          stream: ["user"],
          event: "notification",
          payload: JSON.stringify({
            id: "55",
            type: "mention",
            created_at: statusJson.created_at,
            status: statusJson,
          }),
        }),
      ),
    ).toMatchObject({ type: "notification", id: "55", kind: "mention", status: { id: statusJson.id } });
    expect(
      readStreamEvent(JSON.stringify({ stream: ["user"], event: "delete", payload: "113000000000000001" })),
    ).toEqual({ type: "delete", id: "113000000000000001" });
    expect(readStreamEvent(JSON.stringify({ stream: ["user"], event: "filters_changed" })).type).toBe(
      "other",
    );
  });

  it("names what it cannot read with a stable code", () => {
    const code = (text: string) => {
      const e = readStreamEvent(text);
      return e.type === "unreadable" ? e.code : e.type;
    };
    expect(code("{not json")).toBe("malformed_payload");
    expect(code(JSON.stringify({ stream: ["user"], payload: "{}" }))).toBe("malformed_payload");
    expect(code(JSON.stringify({ stream: ["hashtag", "x"], event: "update", payload: "{cut" }))).toBe(
      "malformed_payload",
    );
    expect(code(JSON.stringify({ stream: ["hashtag", "x"], event: "update", payload: '{"id":"1"}' }))).toBe(
      "malformed_payload",
    );
    expect(code(JSON.stringify({ stream: ["user"], event: "delete", payload: "<script>" }))).toBe(
      "malformed_payload",
    );
    expect(code(JSON.stringify({ error: "Missing tag name parameter", status: 400 }))).toBe("stream_error");
    expect(code(`"${"x".repeat(1024 * 1024 + 10)}"`)).toBe("oversized_payload");
  });
});

describe("the stream's heartbeat", () => {
  const agent = new Agent();
  const open = (fake: FakeMastodon, idleMs: number, token = fake.token) =>
    LiveStream.open({
      url: `${fake.url.replace(/^http/, "ws")}/api/v1/streaming`,
      token,
      subscriptions: [{ stream: "user" }],
      policy: { allowPrivateNetwork: true },
      agent,
      idleMs,
      signal: new AbortController().signal,
    });
  const signal = new AbortController().signal;
  afterAll(() => agent.close());

  it("stays open while the server pings, though no event comes", async () => {
    const fake = await startFakeMastodon({ pingMs: 100 });
    try {
      const live = await open(fake, 400);
      const end = Date.now() + 1500;
      while (Date.now() < end) await live.wait(200, signal);
      expect(live.ended).toBeUndefined();
      expect(live.lastSignAt).toBeGreaterThan(live.openedAt);
      live.close();
    } finally {
      await fake.close();
    }
  });

  it("closes a socket that shows neither an event nor a ping for the idle time", async () => {
    const fake = await startFakeMastodon({ pingMs: 60_000 });
    try {
      const live = await open(fake, 400);
      const end = Date.now() + 5000;
      while (!live.ended && Date.now() < end) await live.wait(200, signal);
      expect(live.ended).toMatch(/showed no frame or ping for \d+ s/);
      const gone = Date.now() + 5000;
      while (fake.streamConnections() > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
      expect(fake.streamConnections()).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it("cannot open with a token the server refuses", async () => {
    const fake = await startFakeMastodon();
    try {
      await expect(open(fake, 400, "wrong")).rejects.toMatchObject({ kind: "unavailable" });
      expect(fake.streamConnections()).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

describe.each(backends())("a streaming Mastodon source through the runner on $name", (backend) => {
  let database: Database;
  let store: Store;
  let pipeline: IngestPipeline;
  let workspaceId: string;
  let fake: FakeMastodon;
  let runner: SourceRunner | undefined;
  const box = secretBox("mastodon-stream-test-key-mastodon-stream");

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
      await store.workspaces.create({ name: "M", brandHandles: ["lumenhelp"], brandNames: ["Lumen"] })
    ).id;
    fake = await startFakeMastodon({ pingMs: 1000 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await pipeline.close();
    await database.close();
    await fake.close();
  });

  const texts = async () =>
    new Map(
      (
        await database.rows<{ platform_id: string; text: string }>(
          sql`select platform_id, text from posts where workspace_id = ${workspaceId}`,
        )
      ).map((r) => [r.platform_id, r.text]),
    );
  const postRows = async () =>
    (
      await database.rows<{ platform_id: string }>(
        sql`select platform_id from posts where workspace_id = ${workspaceId}`,
      )
    ).map((r) => r.platform_id);

  async function until(check: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("takes posts, edits and deletes from the stream, dead-letters a bad frame, and catches up after a cut", async () => {
    const expected: string[] = [];
    const mention = (text: string, by = "dana") => {
      const s = fake.publish({
        text: `@lumenhelp my phone has had no signal all day, can you help? (${text})`,
        by,
      });
      expected.push(s.id);
      return s;
    };
    // Said before the source first starts: the first catch-up reads them.
    for (let i = 0; i < 3; i++) mention(`before the start ${i}`);
    const source = await store.sources.create(workspaceId, {
      kind: "mastodon",
      name: "Lumen on Mastodon",
      config: {
        instanceUrl: fake.url,
        allowPrivateNetwork: true,
        streaming: true,
        hashtags: ["LumenDown"],
        pollIntervalSeconds: 3600,
      },
      credentials: box.seal({ accessToken: fake.token }),
    });
    runner = startSourceRunner({ store, pipeline, box, clock: systemClock, scanMs: 0, random: () => 1 });
    await runner.scan();
    await until(() => fake.streamConnections() === 1, "the stream to open");
    await until(async () => (await postRows()).length === 3, "the catch-up");
    const restAfterStart = fake.requests.filter((r) => r.includes("/notifications")).length;
    const timelineReads = () =>
      fake.requests.filter((r) => r.includes("/notifications") || r.includes("/timelines")).length;
    const readsBeforeLive = timelineReads();

    // Live: mentions and the hashtag through the socket, with no REST read.
    for (let i = 0; i < 5; i++) mention(`live ${i}`, `user${i}`);
    const tagged = fake.publish({ text: "Whole street offline #LumenDown", by: "erin" });
    expected.push(tagged.id);
    fake.publish({ text: "Lovely weather", by: "gus" });
    await until(async () => (await postRows()).length === 9, "the streamed posts");
    expect(timelineReads()).toBe(readsBeforeLive);

    // An edit changes what is stored and is noted on the work item; a delete withdraws.
    const edited = fake.edit(expected[4]!, "@lumenhelp live 1 (edited): it works again");
    await until(
      async () => (await texts()).get(edited.id) === "@lumenhelp live 1 (edited): it works again",
      "the edit",
    );
    const gone = fake.statuses.get(expected[5]!)!;
    fake.remove(expected[5]!);
    await until(async () => (await texts()).get(expected[5]!) === "", "the delete");
    // An edit of a withdrawn post (a replayed frame) brings nothing back; the next post shows it was read.
    fake.streamRaw(
      JSON.stringify({
        stream: ["user"],
        event: "status.update",
        payload: JSON.stringify({
          ...gone,
          content: "<p>back again</p>",
          edited_at: new Date().toISOString(),
        }),
      }),
    );
    mention("after the replayed edit");
    await until(async () => (await postRows()).length === 10, "a post after the replayed edit");
    expect((await texts()).get(expected[5]!)).toBe("");
    const edits = await store.audit.list(workspaceId, { action: "post.edited", limit: 10 });
    expect(edits.map((e) => (e.detail as { platformId: string }).platformId)).toEqual([edited.id]);
    const [item] = await database.rows<{ id: string }>(
      sql`select w.id from work_items w join posts p on p.id = w.latest_post_id where p.platform_id = ${edited.id}`,
    );
    expect(item).toBeDefined();
    expect(edits[0]).toMatchObject({ subjectType: "work_item", subjectId: item!.id });
    const deletes = await store.audit.list(workspaceId, { action: "post.withdrawn", limit: 10 });
    expect(deletes.map((e) => (e.detail as { platformId: string }).platformId)).toEqual([expected[5]]);

    // A malformed frame is a dead letter with its code; the stream goes on.
    fake.streamRaw("{not json");
    fake.streamRaw(JSON.stringify({ stream: ["hashtag", "lumendown"], event: "update", payload: "{cut" }));
    mention("after the bad frames");
    await until(async () => (await postRows()).length === 11, "a post after the bad frames");
    const letters = await store.jobs.deadLetters({ workspaceId, limit: 10 });
    expect(letters.map((l) => l.code).sort()).toEqual(["malformed_payload", "malformed_payload"]);
    expect(letters.every((l) => l.sourceId === source.id)).toBe(true);

    // The socket is cut; what is said meanwhile comes with the catch-up after the reconnect.
    fake.dropStreams();
    for (let i = 0; i < 4; i++) mention(`while cut ${i}`, `cut${i}`);
    await until(async () => (await store.sources.get(source.id))!.failures >= 1, "the cut to be noticed");
    await until(() => fake.streamConnections() === 1, "the stream to open again");
    await until(async () => (await postRows()).length === 15, "the catch-up after the cut");
    expect(fake.requests.filter((r) => r.includes("/notifications")).length).toBeGreaterThan(restAfterStart);
    mention("live again");
    await until(async () => (await postRows()).length === 16, "a post after the reconnect");

    const ids = await postRows();
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.sort()).toEqual([...expected].sort());
    // The REST cursor moved with the stream: a restart reads nothing it already has.
    await runner.stop();
    runner = undefined;
    const cursor = JSON.parse((await store.sources.get(source.id))!.cursor!.value) as {
      streams: Record<string, string>;
    };
    expect(Object.keys(cursor.streams).sort()).toEqual(["mentions", "tag:lumendown"]);
    expect(cursor.streams["tag:lumendown"]).toBe(tagged.id);
  }, 60_000);

  it("honours deletes and edits sent while no socket was open, by reading the statuses seen lately again", async () => {
    const mention = (text: string, by: string, visibility?: "direct") =>
      fake.publish({
        text: `@lumenhelp my bill is wrong this month, please check (${text})`,
        by,
        visibility,
      });
    const early = [mention("a", "ann"), mention("b", "bo"), mention("private", "cy", "direct")];
    await store.sources.create(workspaceId, {
      kind: "mastodon",
      name: "Lumen on Mastodon",
      config: {
        instanceUrl: fake.url,
        allowPrivateNetwork: true,
        streaming: true,
        pollIntervalSeconds: 3600,
      },
      credentials: box.seal({ accessToken: fake.token }),
    });
    const start = async () => {
      runner = startSourceRunner({ store, pipeline, box, clock: systemClock, scanMs: 0, random: () => 1 });
      await runner.scan();
    };
    await start();
    await until(async () => (await postRows()).length === 3, "the catch-up");
    const live = [mention("c", "dee"), mention("d", "ed")];
    await until(async () => (await postRows()).length === 5, "the streamed posts");

    // The socket is cut: the instance sends this delete and this edit to no one.
    fake.dropStreams();
    fake.remove(early[0]!.id);
    fake.remove(live[0]!.id);
    fake.edit(early[1]!.id, "@lumenhelp never mind, the bill is right after all");
    await until(async () => {
      const t = await texts();
      return (
        t.get(early[0]!.id) === "" &&
        t.get(live[0]!.id) === "" &&
        t.get(early[1]!.id) === "@lumenhelp never mind, the bill is right after all"
      );
    }, "the statuses read again after the reconnect");

    // Ingest stops; a delete while it is down is found when it starts again.
    await runner!.stop();
    runner = undefined;
    fake.remove(live[1]!.id);
    await start();
    await until(async () => (await texts()).get(live[1]!.id) === "", "the delete found at the start");
    mention("after", "flo");
    await until(async () => (await postRows()).length === 6, "a post after the restart");

    const t = await texts();
    // The direct mention is the brand's to read: still there.
    expect(t.get(early[2]!.id)).toContain("(private)");
    const items = new Map(
      (
        await database.rows<{ platform_id: string; id: string }>(
          sql`select p.platform_id, w.id from work_items w join posts p on p.id = w.latest_post_id
              where p.workspace_id = ${workspaceId}`,
        )
      ).map((r) => [r.platform_id, r.id]),
    );
    const noted = async (action: string) =>
      (await store.audit.list(workspaceId, { action, limit: 20 }))
        .map((n) => [(n.detail as { platformId: string }).platformId, n.subjectType, n.subjectId])
        .sort();
    expect(await noted("post.withdrawn")).toEqual(
      [early[0]!.id, live[0]!.id, live[1]!.id].map((id) => [id, "work_item", items.get(id)]).sort(),
    );
    expect(await noted("post.edited")).toEqual([[early[1]!.id, "work_item", items.get(early[1]!.id)]]);
    // Each status read again is one request; the gone ones are not asked for again.
    const reads = fake.requests.filter((r) => r.startsWith("GET /api/v1/statuses/"));
    expect(reads.filter((r) => r.endsWith(early[0]!.id))).toHaveLength(1);
  }, 60_000);
});
