/** Routing against the store, on every backend: rules, offers, timers, and two claims at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { createMemoryBus } from "../bus/index.ts";
import { ManualClock } from "../domain/clock.ts";
import type { Role } from "../domain/views.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { DEFAULT_ROUTING_SETTINGS } from "../store/routing.ts";
import type { Principal } from "./auth.ts";
import { type RoutingEngine, routingEngine } from "./routing.ts";
import { routingAdminService } from "./routingAdmin.ts";
import { workItemService } from "./workItems.ts";

describe.each(backends())("routing on $name", (backend) => {
  let database: Database;
  let store: Store;
  let engine: RoutingEngine;
  let admin: ReturnType<typeof routingAdminService>;
  let items: ReturnType<typeof workItemService>;
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));
  let workspace: Principal["workspace"];
  let n = 0;

  async function person(role: Role): Promise<Principal> {
    n++;
    const user = await store.users.create({
      workspaceId: workspace.id,
      email: `${role}${n}@example.com`,
      name: `${role} ${n}`,
      role,
      passwordHash: "x",
    });
    return { user, workspace };
  }

  async function newItem(text: string, language = "en"): Promise<string> {
    const result = await store.ingest(workspace.id, [
      { post: makePost({ text, language }), analysis: makeAnalysis({ language }), campaignIds: [] },
    ]);
    return result.workItems[0]!.id;
  }

  beforeAll(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const bus = createMemoryBus();
    engine = routingEngine({ store, bus, clock });
    admin = routingAdminService(store, engine, clock);
    items = workItemService(store, bus, undefined, {
      requestDispatch: engine.requestDispatch,
      touch: engine.touch,
      now: () => clock.now(),
    });
    const created = await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
    workspace = (await store.workspaces.get(created.id))!;
  });
  afterAll(async () => {
    await database.close();
  });

  it("routes a new item by rule, offers it to the qualified agent, and takes it back when the offer runs out", async () => {
    const boss = await person("supervisor");
    const french = await person("agent");
    const english = await person("agent");
    const general = await admin.createQueue(boss, {
      name: "General",
      requiredSkills: [],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    const englishQueue = await admin.createQueue(boss, {
      name: "English complaints",
      requiredSkills: [{ kind: "language", value: "en" }],
      overflowQueueId: general.id,
      overflowAfterMs: 5 * 60_000,
    });
    await admin.createRule(boss, {
      name: "Complaints in English",
      position: 1,
      queueId: englishQueue.id,
      enabled: true,
      conditions: [
        { field: "intent", op: "in", values: ["complaint"] },
        { field: "language", op: "in", values: ["en"] },
      ],
    });
    await admin.saveAgent(boss, french.user.id, {
      skills: [{ kind: "language", value: "fr", proficiency: 5 }],
      capacity: 2,
    });
    await admin.saveAgent(boss, english.user.id, {
      skills: [{ kind: "language", value: "en", proficiency: 3 }],
      capacity: 1,
    });
    await engine.setPresence(workspace.id, french.user.id, "available");
    await engine.setPresence(workspace.id, english.user.id, "available");

    const id = await newItem("@lumenhelp my bill is wrong");
    await engine.routeNew(workspace.id, id);
    expect((await items.get(boss, id)).queue).toBe(englishQueue.id);
    expect(await engine.dispatch(workspace.id)).toBe(1);
    const offered = await items.get(boss, id);
    expect(offered.offer?.agent.id).toBe(english.user.id);
    // Reserved for the agent it is offered to: another cannot claim it, the offer's agent can accept.
    await expect(items.act(french, id, "claim")).rejects.toMatchObject({ code: "work_item_reserved" });
    await expect(engine.accept(french, id)).rejects.toMatchObject({ code: "not_offered" });

    clock.advance(61_000);
    await expect(engine.accept(english, id)).rejects.toMatchObject({ code: "offer_expired" });
    await engine.expireOffer(workspace.id, id);
    expect((await items.get(boss, id)).offer).toBeNull();

    // Offered again (nobody else qualifies), accepted this time: the agent is then full.
    expect(await engine.dispatch(workspace.id)).toBe(1);
    const held = await engine.accept(english, id);
    expect(held).toMatchObject({ state: "reserved", assignee: { id: english.user.id } });
    const second = await newItem("@lumenhelp and the app crashes");
    await engine.routeNew(workspace.id, second);
    expect(await engine.dispatch(workspace.id)).toBe(0);

    // Waiting past the queue's overflow wait, it moves to the general queue, where French takes it.
    clock.advance(5 * 60_000);
    await engine.overflow(workspace.id, second);
    expect((await items.get(boss, second)).queue).toBe(general.id);
    expect(await engine.dispatch(workspace.id)).toBe(1);
    expect((await items.get(boss, second)).offer?.agent.id).toBe(french.user.id);

    // Going away gives the offer back; resolving needs the item held.
    await engine.setPresence(workspace.id, french.user.id, "away");
    expect((await items.get(boss, second)).offer).toBeNull();
    await expect(items.act(french, second, "resolve")).rejects.toMatchObject({ code: "work_item_not_held" });
    await expect(items.act(english, id, "discard")).rejects.toMatchObject({
      code: "discard_reason_required",
    });
    expect((await items.act(english, id, "resolve")).state).toBe("handled");

    // The customer writes again in the handled thread, within the reopen window: the same item
    // reopens and waits in the queue it was handled in, whatever the rules say now.
    const followUp = makePost({ text: "@lumenhelp it is wrong again", language: "en" });
    const thread = await store.views.workItem(workspace.id, id);
    const again = await store.ingest(workspace.id, [
      {
        post: { ...followUp, replyToPlatformId: thread!.post.platformId },
        analysis: makeAnalysis({ language: "en" }),
        campaignIds: [],
      },
    ]);
    const reopened = again.workItems[0]!;
    expect(reopened).toMatchObject({ id, created: false, reopenedBy: again.stored[0]!.id });
    expect(await items.get(boss, id)).toMatchObject({ state: "new", assignee: null, previousItemId: null });
    await admin.updateRule(boss, (await admin.listRules(boss))[0]!.id, { enabled: false });
    clock.advance(60_000);
    await engine.requeueReopened(workspace.id, id);
    const waiting = await items.get(boss, id);
    expect(waiting.queue).toBe(englishQueue.id);
    await items.act(boss, id, "resolve");

    // With the window closed (0: never), the next post opens a new item that follows this one.
    await admin.saveSettings(boss, { ...(await admin.settings(boss)), reopenWindowMs: 0 });
    const later = await store.ingest(workspace.id, [
      {
        post: {
          ...makePost({ text: "@lumenhelp and again", language: "en" }),
          replyToPlatformId: thread!.post.platformId,
        },
        analysis: makeAnalysis({ language: "en" }),
        campaignIds: [],
      },
    ]);
    const next = later.workItems[0]!;
    expect(next).toMatchObject({ created: true });
    expect(next.reopenedBy).toBeUndefined();
    expect(await items.get(boss, next.id)).toMatchObject({ state: "new", previousItemId: id });
    await engine.routeNew(workspace.id, next.id);
    expect((await items.get(boss, next.id)).queue).toBe(englishQueue.id);
    await items.act(boss, next.id, "resolve");

    const overview = await admin.overview(boss);
    expect(overview.queues.find((q) => q.id === general.id)).toMatchObject({ waiting: 1 });
    expect(overview.queues.find((q) => q.id === englishQueue.id)).toMatchObject({
      waiting: 0,
      handledLastHour: 2,
    });
    expect(overview.agents.find((a) => a.id === french.user.id)).toMatchObject({ presence: "away", load: 0 });
  });

  it("reopens a resolved item once when two batches bring the customer's posts at the same instant", async () => {
    const boss = await person("supervisor");
    // An earlier test closed the window; this one reopens within a day's.
    await admin.saveSettings(boss, { ...(await admin.settings(boss)), reopenWindowMs: 24 * 60 * 60_000 });
    const opening = makePost({ text: "@lumenhelp my bill is wrong", language: "en" });
    const first = await store.ingest(workspace.id, [
      { post: opening, analysis: makeAnalysis({ language: "en" }), campaignIds: [] },
    ]);
    const id = first.workItems[0]!.id;
    await items.act(boss, id, "resolve");
    const follow = (text: string) =>
      store.transaction((tx) =>
        tx.ingest(workspace.id, [
          {
            post: { ...makePost({ text, language: "en" }), replyToPlatformId: opening.platformId },
            analysis: makeAnalysis({ language: "en" }),
            campaignIds: [],
          },
        ]),
      );
    const [a, b] = await Promise.all([follow("@lumenhelp still wrong"), follow("@lumenhelp hello?")]);
    const outcomes = [a.workItems[0]!, b.workItems[0]!];
    // Both land on the one item: one batch reopened it, the other joined it.
    expect(outcomes.map((w) => w.id)).toEqual([id, id]);
    expect(outcomes.filter((w) => w.reopenedBy).length).toBe(1);
    expect(outcomes.every((w) => !w.created)).toBe(true);
    const thread = await store.views.workItems(workspace.id, {
      conversationId: (await store.views.workItem(workspace.id, id))!.conversationId,
      limit: 10,
    });
    expect(thread.map((w) => [w.id, w.state])).toEqual([[id, "new"]]);
  });

  it("does not offer an item again to the agent who declined it", async () => {
    const boss = await person("supervisor");
    const only = await person("agent");
    // Only this test's queue: what earlier tests left waiting stays out of the way.
    for (const q of await admin.listQueues(boss)) await admin.deleteQueue(boss, q.id);
    const queue = await admin.createQueue(boss, {
      name: "Decline",
      requiredSkills: [{ kind: "topic", value: "decline" }],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    await admin.saveAgent(boss, only.user.id, {
      skills: [{ kind: "topic", value: "decline", proficiency: 2 }],
      capacity: 5,
    });
    await engine.setPresence(workspace.id, only.user.id, "available");
    const id = await newItem("@lumenhelp a question about declines");
    await engine.transfer(boss, id, { queueId: queue.id });
    await engine.dispatch(workspace.id);
    expect((await items.get(boss, id)).offer?.agent.id).toBe(only.user.id);
    await engine.decline(only, id);
    await engine.dispatch(workspace.id);
    expect((await items.get(boss, id)).offer).toBeNull();
    // Pull still lets them take it.
    expect((await engine.pull(only))?.id).toBe(id);
    await engine.setPresence(workspace.id, only.user.id, "offline");
  });

  it("lets exactly one of two agents claiming the same item at the same instant win", async () => {
    const a = await person("agent");
    const b = await person("agent");
    for (let i = 0; i < 10; i++) {
      const id = await newItem(`@lumenhelp race ${i}`);
      const results = await Promise.allSettled([items.act(a, id, "claim"), items.act(b, id, "claim")]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "work_item_reserved" });
      const winner = (won[0] as PromiseFulfilledResult<{ assignee: { id: string } | null }>).value.assignee
        ?.id;
      expect((await items.get(a, id)).assignee?.id).toBe(winner);
    }
  });

  it("lets exactly one of two agents pulling at the same instant take the last item", async () => {
    const boss = await person("supervisor");
    const a = await person("agent");
    const b = await person("agent");
    const queue = await admin.createQueue(boss, {
      name: "Race",
      requiredSkills: [{ kind: "topic", value: "race" }],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    for (const agent of [a, b])
      await admin.saveAgent(boss, agent.user.id, {
        skills: [{ kind: "topic", value: "race", proficiency: 1 }],
        capacity: 5,
      });
    const id = await newItem("@lumenhelp the last one");
    await engine.transfer(boss, id, { queueId: queue.id });
    const [first, second] = await Promise.all([engine.pull(a), engine.pull(b)]);
    const taken = [first, second].filter((x) => x !== null);
    expect(taken).toHaveLength(1);
    expect(taken[0]!.id).toBe(id);
  });

  it("offers what fits when the queue's best item is too heavy for the room left, however many wait", async () => {
    const created = await store.workspaces.create({ name: "Heavy", brandHandles: ["lumenhelp"] });
    const ws = (await store.workspaces.get(created.id))!;
    const agent = await store.users.create({
      workspaceId: ws.id,
      email: "heavy-agent@example.com",
      name: "Heavy agent",
      role: "agent",
      passwordHash: "x",
    });
    const queue = await store.routing.createQueue(ws.id, {
      name: "All",
      requiredSkills: [],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    // A private message weighs 3; the agent has room for 2.
    await store.routing.saveSettings(ws.id, {
      ...DEFAULT_ROUTING_SETTINGS,
      channelWeights: { public: 1, private: 3 },
      offerTimeoutMs: 60_000,
      idleAwayMs: 600_000,
    });
    await store.routing.saveProfile(ws.id, agent.id, {
      skills: [],
      capacity: 2,
      presence: "available",
      at: new Date(clock.now()),
    });
    let waitingSince = clock.now();
    const add = async (channel: "public" | "private", priority: number) => {
      const result = await store.ingest(ws.id, [
        { post: makePost({ channel }), analysis: makeAnalysis({ priority }), campaignIds: [] },
      ]);
      const id = result.workItems[0]!.id;
      await store.routing.setQueue(ws.id, id, queue.id, waitingSince++);
      return id;
    };
    const heavy = await add("private", 90);
    const light: string[] = [];
    for (let i = 0; i < 40; i++) light.push(await add("public", 10));
    expect(await engine.dispatch(ws.id)).toBe(2);
    const board = await store.routing.board(ws.id);
    const offered = board.items.filter((i) => i.offeredTo !== null).map((i) => i.id);
    // The two oldest light items, in queue order; the heavy one waits for room.
    expect(offered.sort()).toEqual(light.slice(0, 2).sort());
    expect(offered).not.toContain(heavy);
  });
});
