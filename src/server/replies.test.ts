/** Answering work items over HTTP: queued, sent through the source's connector, or failed with why. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { type ConnectorKind, type OutgoingReply, PeerError } from "../connectors/contract.ts";
import { demoKind } from "../connectors/demo/source.ts";
import { ManualClock } from "../domain/clock.ts";
import type { JobDefinition } from "../jobs/definition.ts";
import { replySendJob } from "../jobs/replySend.ts";
import { startWorker } from "../jobs/runner.ts";
import { sql } from "../store/orm.ts";

describe.each(appBackends)("replies on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let agent: { cookie: string; userId: string };
  let sourceId: string;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 0));
    t = await testApp({ postgres, core: { clock } });
    agent = await t.signIn("agent");
    const source = await t.core.store.sources.create(t.workspaceId, {
      kind: "demo",
      name: "Demo",
      config: { seed: 1, ratePerSecond: 0, backlog: 0 },
      credentials: null,
    });
    sourceId = source.id;
  });
  afterEach(async () => {
    await t.close();
  });

  /** A customer's post arriving through the demo source (or imported, without one); its work item. */
  async function workItem(options: { imported?: boolean; channel?: "public" | "private" } = {}) {
    const post = makePost({
      platform: "demo",
      author: { platform: "demo", platformId: "c1", handle: "customer" },
      text: "@lumenhelp my phone has had no signal since this morning, please help",
      channel: options.channel ?? "public",
    });
    await t.core.pipeline.submit(t.workspaceId, [post], {
      requireMatch: false,
      ...(options.imported ? {} : { sourceId }),
    });
    const items = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    const item = items.find((i) => i.post.platformId === post.platformId);
    if (!item) throw new Error("the post opened no work item");
    return { id: item.id, post };
  }

  const claim = (id: string, cookie = agent.cookie) =>
    t.app.inject({ method: "POST", url: `/api/work-items/${id}/claim`, headers: { cookie } });
  const send = (id: string, payload: Record<string, unknown>, cookie = agent.cookie) =>
    t.app.inject({ method: "POST", url: `/api/work-items/${id}/replies`, headers: { cookie }, payload });
  const list = (id: string) =>
    t.app.inject({ method: "GET", url: `/api/work-items/${id}/replies`, headers: { cookie: agent.cookie } });

  /** Relays the outbox (which enqueues `reply.send`) and runs due jobs with these definitions. */
  // The reply job alone by default: routing's jobs for the same work items are not under test here.
  async function work(
    definitions: readonly JobDefinition[] = t.core.jobs.filter((j) => j.name === "reply.send"),
    concurrency = 4,
  ) {
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions,
      pollMs: 0,
      concurrency,
      random: () => 0.5,
    });
    const ran = await worker.tick();
    await worker.stop();
    await t.core.relay.flush();
    return ran;
  }

  async function threadPosts(item: { id: string }) {
    const view = await t.core.store.views.workItem(t.workspaceId, item.id);
    return t.core.store.views.conversationPosts(t.workspaceId, view!.conversationId);
  }

  it("queues a reply, sends it through the demo source, stores it as the brand's post and marks the first response", async () => {
    const item = await workItem();
    expect((await claim(item.id)).statusCode).toBe(200);
    const queued = await send(item.id, { text: "  Sorry about that! We are on it.  ", channel: "public" });
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toMatchObject({
      status: "queued",
      text: "Sorry about that! We are on it.",
      channel: "public",
    });
    const before = await list(item.id);
    expect(before.json().items.map((r: { status: string }) => r.status)).toEqual(["queued"]);
    expect(before.json().channel).toMatchObject({
      unavailable: null,
      public: true,
      private: true,
      maxLength: 500,
    });

    expect(await work()).toBe(1);
    const after = (await list(item.id)).json();
    expect(after.items[0]).toMatchObject({
      status: "sent",
      platformId: `reply-${queued.json().id}`,
      error: null,
    });
    const posts = await threadPosts(item);
    const brand = posts.filter((p) => p.author.isBrand);
    expect(brand.map((p) => [p.text, p.author.handle, p.platformId])).toEqual([
      ["Sorry about that! We are on it.", "lumenhelp", `reply-${queued.json().id}`],
    ]);
    const [answered] = await t.core.database.rows<{ first_response_at: unknown }>(
      sql`select first_response_at from work_items where id = ${item.id}`,
    );
    expect(answered!.first_response_at).not.toBeNull();
    const types = (await t.core.store.events.after(0, { workspaceId: t.workspaceId, limit: 100 })).map(
      (e) => e.type,
    );
    expect(types).toContain("reply.queued");
    expect(types).toContain("reply.sent");
  });

  it("sends nothing more when the job runs again for a reply already sent", async () => {
    const sent: OutgoingReply[] = [];
    const recording: ConnectorKind<Record<string, unknown>> = {
      ...(demoKind as unknown as ConnectorKind<Record<string, unknown>>),
      create: () => ({
        pull: async () => ({ posts: [], rejects: [], cursor: null }),
        send: async (reply) => {
          sent.push(reply);
          return { platformId: `r-${reply.idempotencyKey}` };
        },
      }),
    };
    const job = replySendJob({
      pipeline: t.core.pipeline,
      bus: t.core.bus,
      box: t.core.box,
      kindOf: () => recording,
    });
    const item = await workItem();
    await claim(item.id);
    const reply = (await send(item.id, { text: "Looking into it", channel: "public" })).json();
    await t.core.relay.flush();
    // The same reply's job enqueued a second time (a redelivered event under another key).
    await t.core.store.jobs.enqueue({
      name: job.name,
      key: "again",
      workspaceId: t.workspaceId,
      payload: { replyId: reply.id, workspaceId: t.workspaceId },
      runAt: new Date(clock.now()),
      maxAttempts: 3,
    });
    // One run after the other, as a job taken again once its lock ran out.
    expect(await work([job], 1)).toBe(1);
    expect(await work([job], 1)).toBe(1);
    expect(sent.map((r) => [r.idempotencyKey, r.inReplyTo, r.channel])).toEqual([
      [reply.id, item.post.platformId, "public"],
    ]);
    expect((await threadPosts(item)).filter((p) => p.author.isBrand)).toHaveLength(1);
  });

  it("marks the reply failed with the peer's reason when the peer refuses, and buries the job", async () => {
    const refusing: ConnectorKind<Record<string, unknown>> = {
      ...(demoKind as unknown as ConnectorKind<Record<string, unknown>>),
      create: () => ({
        pull: async () => ({ posts: [], rejects: [], cursor: null }),
        send: async () => {
          throw new PeerError("refused", "The access token was revoked");
        },
      }),
    };
    const job = replySendJob({
      pipeline: t.core.pipeline,
      bus: t.core.bus,
      box: t.core.box,
      kindOf: () => refusing,
    });
    const item = await workItem();
    await claim(item.id);
    await send(item.id, { text: "Looking into it", channel: "public" });
    await work([job]);
    const [reply] = (await list(item.id)).json().items;
    expect(reply).toMatchObject({
      status: "failed",
      error: "The access token was revoked",
      platformId: null,
    });
    const dead = await t.core.store.jobs.deadLetters({ workspaceId: t.workspaceId, limit: 10 });
    expect(dead.map((d: { code: string }) => d.code)).toEqual(["reply_refused"]);
    const types = (await t.core.store.events.after(0, { workspaceId: t.workspaceId, limit: 100 })).map(
      (e) => e.type,
    );
    expect(types).toContain("reply.failed");
    expect((await threadPosts(item)).filter((p) => p.author.isBrand)).toHaveLength(0);
  });

  it("retries a peer that is unavailable with backoff, and fails the reply on the last attempt", async () => {
    let calls = 0;
    const down: ConnectorKind<Record<string, unknown>> = {
      ...(demoKind as unknown as ConnectorKind<Record<string, unknown>>),
      create: () => ({
        pull: async () => ({ posts: [], rejects: [], cursor: null }),
        send: async () => {
          calls += 1;
          throw new PeerError("unavailable", "503 from the peer");
        },
      }),
    };
    const job = replySendJob({
      pipeline: t.core.pipeline,
      bus: t.core.bus,
      box: t.core.box,
      kindOf: () => down,
    });
    const item = await workItem();
    await claim(item.id);
    await send(item.id, { text: "Looking into it", channel: "public" });
    await work([job]);
    expect((await list(item.id)).json().items[0].status).toBe("queued");
    expect(await work([job])).toBe(0); // backing off
    for (let i = 0; i < 10; i++) {
      clock.advance(10 * 60_000);
      await work([job]);
    }
    expect(calls).toBe(6);
    expect((await list(item.id)).json().items[0]).toMatchObject({
      status: "failed",
      error: "503 from the peer",
    });
  });

  it("waits for the time a rate-limited platform gives, then sends", async () => {
    let calls = 0;
    const busy: ConnectorKind<Record<string, unknown>> = {
      ...(demoKind as unknown as ConnectorKind<Record<string, unknown>>),
      create: () => ({
        pull: async () => ({ posts: [], rejects: [], cursor: null }),
        send: async (reply) => {
          calls += 1;
          if (calls === 1) throw new PeerError("rate_limited", "429", clock.now() + 5 * 60_000);
          return { platformId: `r-${reply.idempotencyKey}` };
        },
      }),
    };
    const job = replySendJob({
      pipeline: t.core.pipeline,
      bus: t.core.bus,
      box: t.core.box,
      kindOf: () => busy,
    });
    const item = await workItem();
    await claim(item.id);
    await send(item.id, { text: "Looking into it", channel: "public" });
    expect(await work([job])).toBe(1);
    clock.advance(4 * 60_000);
    expect(await work([job])).toBe(0);
    expect((await list(item.id)).json().items[0].status).toBe("queued");
    clock.advance(60_000);
    expect(await work([job])).toBe(1);
    expect(calls).toBe(2);
    expect((await list(item.id)).json().items[0].status).toBe("sent");
  });

  it("says an imported conversation cannot be answered, and refuses a reply to it", async () => {
    const item = await workItem({ imported: true });
    await claim(item.id);
    const channel = (await list(item.id)).json().channel;
    expect(channel).toMatchObject({ public: false, private: false, maxLength: 0 });
    expect(channel.unavailable).toMatch(/imported/);
    const res = await send(item.id, { text: "Hello", channel: "public" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("reply_unsupported");
    expect((await list(item.id)).json().items).toEqual([]);
  });

  it("answers an imported thread through the source that later brings a post to it", async () => {
    const item = await workItem({ imported: true });
    await claim(item.id);
    const follow = makePost({
      platform: "demo",
      author: { platform: "demo", platformId: "c1", handle: "customer" },
      text: "@lumenhelp still nothing, any news?",
      replyToPlatformId: item.post.platformId,
    });
    await t.core.pipeline.submit(t.workspaceId, [follow], { requireMatch: false, sourceId });
    expect((await list(item.id)).json().channel.unavailable).toBeNull();
    expect((await send(item.id, { text: "Yes: fixed within the hour", channel: "public" })).statusCode).toBe(
      202,
    );
  });

  it("refuses empty, too long and unheld replies with their codes, storing nothing", async () => {
    const item = await workItem({ channel: "private" });
    const unheld = await send(item.id, { text: "Hello", channel: "private" });
    expect(unheld.json().error.code).toBe("work_item_not_held");
    await claim(item.id);
    const other = await t.signIn("agent");
    expect((await send(item.id, { text: "Hello", channel: "private" }, other.cookie)).json().error.code).toBe(
      "work_item_reserved",
    );
    expect((await send(item.id, { text: "   ", channel: "private" })).json().error.code).toBe("reply_empty");
    const long = await send(item.id, { text: "é".repeat(501), channel: "private" });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({
      code: "reply_too_long",
      details: { length: 501, maxLength: 500 },
    });
    // 500 emoji are 1,000 UTF-16 units but 500 characters: accepted.
    expect((await send(item.id, { text: "👍".repeat(500), channel: "private" })).statusCode).toBe(202);
    expect((await send(item.id, { text: "Hi", channel: "sideways" })).json().error.code).toBe(
      "validation_failed",
    );
    const items = (await list(item.id)).json().items;
    expect(items).toHaveLength(1);
    expect((await list(item.id)).json().channel.suggested).toBe("private");
    // A supervisor may answer an item another agent holds.
    const supervisor = await t.signIn("supervisor");
    expect(
      (await send(item.id, { text: "Taking over", channel: "public" }, supervisor.cookie)).statusCode,
    ).toBe(202);
  });
});
