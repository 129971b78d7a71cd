/** Queues, rules, presence and offers through the HTTP API, with the jobs run by a worker. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";

describe.each(appBackends)("routing over HTTP on $name", ({ postgres }) => {
  let t: TestApp;
  let worker: JobWorker;
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));

  beforeEach(async () => {
    t = await testApp({ postgres, core: { clock } });
    worker = startWorker({ store: t.core.store, clock, definitions: t.core.jobs, pollMs: 0 });
  });
  afterEach(async () => {
    await worker.stop();
    await t.close();
  });

  const call = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    cookie: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  const settle = () => settleJobs(t.core.relay, worker);

  it("reopens the resolved item when its customer writes again, and after the window opens one that follows it", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const queue = (
      await call("POST", "/api/queues", boss.cookie, { name: "Care", requiredSkills: [] })
    ).json();
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "All to care",
      position: 1,
      queueId: queue.id,
      conditions: [{ field: "platform", op: "in", values: ["x"] }],
    });
    await call("PUT", `/api/users/${agent.userId}/routing`, boss.cookie, { skills: [], capacity: 3 });
    await call("PUT", "/api/me/presence", agent.cookie, { presence: "available" });
    const policy = await call("POST", "/api/sla/policies", boss.cookie, {
      name: "Public",
      position: 1,
      conditions: [{ field: "channel", values: ["public"] }],
      firstResponseMs: 60 * 60_000,
      nextResponseMs: 30 * 60_000,
      resolutionMs: null,
      warnBeforeMs: 5 * 60_000,
      escalations: [],
    });
    expect(policy.statusCode).toBe(201);

    const first = makePost({ text: "@lumenhelp my order is late" });
    await t.core.pipeline.submit(t.workspaceId, [first]);
    await settle();
    const [item] = (await call("GET", "/api/work-items?state=new", agent.cookie)).json().items;
    expect(item.offer.agent.id).toBe(agent.userId);
    await call("POST", `/api/work-items/${item.id}/accept`, agent.cookie);
    // The brand answers in the thread, then the agent resolves.
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({
        text: "@customer it ships today",
        replyToPlatformId: first.platformId,
        author: { platform: "x", platformId: "brand", handle: "lumenhelp" },
      }),
    ]);
    await settle();
    const resolved = await call("POST", `/api/work-items/${item.id}/resolve`, agent.cookie);
    expect(resolved.json().state).toBe("handled");
    await settle();
    expect((await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json().sla).toMatchObject({
      status: "stopped",
    });

    // The customer writes again within the window: the same item, back in its queue and offered,
    // its next-response clock running, its history saying why.
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({
        text: "@lumenhelp still nothing",
        replyToPlatformId: first.platformId,
        author: first.author,
      }),
    ]);
    await settle();
    const again = (await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json();
    expect(again).toMatchObject({
      id: item.id,
      state: "new",
      queue: queue.id,
      assignee: null,
      offer: { agent: { id: agent.userId } },
      previousItemId: null,
      sla: { status: "running", target: "next_response" },
    });
    const thread = (await call("GET", `/api/conversations/${item.conversationId}`, agent.cookie)).json();
    expect(thread.workItems.map((w: { id: string }) => w.id)).toEqual([item.id]);
    const history = await t.core.store.audit.list(t.workspaceId, { subjectId: item.id, limit: 20 });
    expect(history.find((h) => h.action === "work_item.reopened")).toMatchObject({
      actorUserId: null,
      detail: { by: "customer_post", from: "handled", to: "new" },
    });
    const queued = await t.core.store.events.after(0, { limit: 1000, workspaceId: t.workspaceId });
    expect(
      queued.some(
        (e) => e.type === "work_item.queued" && e.data.workItemId === item.id && e.data.reason === "reopened",
      ),
    ).toBe(true);

    // With the window closed, the customer's next post opens a new item that follows the old one.
    expect((await call("POST", `/api/work-items/${item.id}/accept`, agent.cookie)).json().state).toBe(
      "reserved",
    );
    expect((await call("POST", `/api/work-items/${item.id}/resolve`, agent.cookie)).json().state).toBe(
      "handled",
    );
    const settings = (await call("GET", "/api/routing/settings", boss.cookie)).json();
    expect(settings.reopenWindowMs).toBe(7 * 24 * 60 * 60_000);
    const saved = await call("PUT", "/api/routing/settings", boss.cookie, { ...settings, reopenWindowMs: 0 });
    expect(saved.json().reopenWindowMs).toBe(0);
    const kept = await call("PUT", "/api/routing/settings", boss.cookie, {
      channelWeights: settings.channelWeights,
      offerTimeoutMs: settings.offerTimeoutMs,
      idleAwayMs: settings.idleAwayMs,
    });
    expect(kept.json().reopenWindowMs).toBe(0);
    const bad = await call("PUT", "/api/routing/settings", boss.cookie, { ...settings, reopenWindowMs: -1 });
    expect(bad.json().error.code).toBe("validation_failed");
    const more = await t.core.pipeline.submit(t.workspaceId, [
      makePost({
        text: "@lumenhelp my order is late again, please help",
        replyToPlatformId: first.platformId,
        author: first.author,
      }),
    ]);
    expect(more.stored).toBe(1);
    await settle();
    const after = (await call("GET", `/api/conversations/${item.conversationId}`, agent.cookie)).json();
    expect(after.workItems).toHaveLength(2);
    const follower = after.workItems.find((w: { id: string }) => w.id !== item.id);
    expect(follower).toMatchObject({ state: "new", previousItemId: item.id, queue: queue.id });
    expect((await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json().state).toBe("handled");
  });

  it("routes a VIP customer's post to the VIP queue under the VIP policy, by the customer's tier", async () => {
    const boss = await t.signIn("supervisor");
    const vipQueue = (
      await call("POST", "/api/queues", boss.cookie, { name: "VIP", requiredSkills: [] })
    ).json();
    const general = (
      await call("POST", "/api/queues", boss.cookie, { name: "General", requiredSkills: [] })
    ).json();
    const platinum = await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Platinum",
      position: 1,
      queueId: vipQueue.id,
      conditions: [{ field: "customer_tier", op: "in", values: ["platinum"] }],
    });
    expect(platinum.json().error.code).toBe("validation_failed");
    for (const [position, queueId, conditions] of [
      [1, vipQueue.id, [{ field: "customer_tier", op: "in", values: ["vip"] }]],
      [2, general.id, [{ field: "platform", op: "in", values: ["x"] }]],
    ] as const) {
      const rule = await call("POST", "/api/routing-rules", boss.cookie, {
        name: `Rule ${position}`,
        position,
        queueId,
        conditions,
      });
      expect(rule.statusCode).toBe(201);
    }
    const policy = (name: string, position: number, conditions: object[], firstResponseMs: number) =>
      call("POST", "/api/sla/policies", boss.cookie, {
        name,
        position,
        conditions,
        firstResponseMs,
        nextResponseMs: null,
        resolutionMs: null,
        warnBeforeMs: 60_000,
        escalations: [],
      });
    const badTier = await policy("Gold+", 1, [{ field: "tier", values: ["platinum"] }], 15 * 60_000);
    expect(badTier.json().error.code).toBe("validation_failed");
    expect((await policy("VIP", 1, [{ field: "tier", values: ["vip"] }], 15 * 60_000)).statusCode).toBe(201);
    expect((await policy("Everyone", 2, [], 60 * 60_000)).statusCode).toBe(201);

    const author = { platform: "x" as const, platformId: "vip-1", handle: "bigspender" };
    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my order is late", author })]);
    await settle();
    const [before] = (await call("GET", "/api/work-items?state=new", boss.cookie)).json().items;
    expect(before).toMatchObject({ queue: general.id, sla: { policy: { name: "Everyone" } } });

    // The author is confirmed as a VIP customer: their next conversation goes to VIP, on 15 minutes.
    const customer = await call("POST", "/api/customers", boss.cookie, {
      externalId: "C-1",
      name: "Big Spender",
      tier: "vip",
    });
    expect(customer.statusCode).toBe(201);
    const link = await call("POST", `/api/authors/${before.post.author.id}/links`, boss.cookie, {
      customerId: customer.json().id,
    });
    expect(link.statusCode).toBe(201);
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({ text: "@lumenhelp the replacement is broken too", author }),
    ]);
    await settle();
    const items = (await call("GET", "/api/work-items?state=new", boss.cookie)).json().items;
    const after = items.find((i: { id: string }) => i.id !== before.id);
    expect(after).toMatchObject({
      queue: vipQueue.id,
      sla: { policy: { name: "VIP" }, target: "first_response", status: "running" },
    });
    const allowed = Date.parse(after.sla.dueAt) - Date.parse(after.createdAt);
    expect(Math.abs(allowed - 15 * 60_000)).toBeLessThan(5_000);
  });

  it("offers a new post's item to the available agent with the queue's skill, who accepts it", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const other = await t.signIn("agent");
    const queue = await call("POST", "/api/queues", boss.cookie, {
      name: "Billing",
      requiredSkills: [{ kind: "topic", value: "billing" }],
    });
    expect(queue.statusCode).toBe(201);
    const rule = await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Everything to billing",
      position: 1,
      queueId: queue.json().id,
      conditions: [{ field: "platform", op: "in", values: ["x"] }],
    });
    expect(rule.statusCode).toBe(201);
    const saved = await call("PUT", `/api/users/${agent.userId}/routing`, boss.cookie, {
      skills: [{ kind: "topic", value: "billing", proficiency: 4 }],
      capacity: 2,
    });
    expect(saved.json()).toMatchObject({ capacity: 2, presence: "offline" });
    for (const who of [agent, other]) {
      expect(
        (await call("PUT", "/api/me/presence", who.cookie, { presence: "available" })).json().presence,
      ).toBe("available");
    }

    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp I was charged twice" })]);
    await settle();
    const [item] = (await call("GET", "/api/work-items?state=new", agent.cookie)).json().items;
    expect(item).toMatchObject({ queue: queue.json().id, offer: { agent: { id: agent.userId } } });
    expect((await call("POST", `/api/work-items/${item.id}/claim`, other.cookie)).json().error.code).toBe(
      "work_item_reserved",
    );
    const accepted = await call("POST", `/api/work-items/${item.id}/accept`, agent.cookie);
    expect(accepted.json()).toMatchObject({ state: "reserved", assignee: { id: agent.userId }, offer: null });

    const overview = (await call("GET", "/api/routing/overview", boss.cookie)).json();
    expect(overview.agents.find((a: { id: string }) => a.id === agent.userId)).toMatchObject({
      load: 1,
      held: 1,
    });
    expect(overview.queues[0]).toMatchObject({ name: "Billing", waiting: 0 });
    expect((await call("GET", "/api/routing/overview", agent.cookie)).statusCode).toBe(403);

    // Discarding needs a reason said out loud.
    const noReason = await call("POST", `/api/work-items/${item.id}/discard`, agent.cookie, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe("discard_reason_required");
    expect((await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json().state).toBe("reserved");
  });

  it("sets an idle agent away and gives their offer back when it runs out", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const queue = (await call("POST", "/api/queues", boss.cookie, { name: "All" })).json();
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "All",
      position: 1,
      queueId: queue.id,
      conditions: [{ field: "platform", op: "in", values: ["x"] }],
    });
    await call("PUT", "/api/routing/settings", boss.cookie, {
      channelWeights: { public: 1, private: 2 },
      offerTimeoutMs: 30_000,
      idleAwayMs: 120_000,
    });
    await call("PUT", "/api/me/presence", agent.cookie, { presence: "available" });
    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp where is my parcel" })]);
    await settle();
    const [item] = (await call("GET", "/api/work-items?state=new", agent.cookie)).json().items;
    expect(item.offer.agent.id).toBe(agent.userId);
    clock.advance(31_000);
    await settle();
    // The offer ran out; the agent is still available, so it is offered again.
    const again = (await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json();
    expect(Date.parse(again.offer.expiresAt)).toBeGreaterThan(clock.now());
    clock.advance(120_000);
    await settle();
    expect((await call("GET", "/api/me/routing", agent.cookie)).json().presence).toBe("away");
    expect((await call("GET", `/api/work-items/${item.id}`, agent.cookie)).json().offer).toBeNull();
  });

  it("refuses bad queues and rules with clear errors", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    expect((await call("POST", "/api/queues", agent.cookie, { name: "Mine" })).statusCode).toBe(403);
    const half = await call("POST", "/api/queues", boss.cookie, { name: "Half", overflowAfterMs: 60_000 });
    expect(half.json().error.code).toBe("validation_failed");
    await call("POST", "/api/queues", boss.cookie, { name: "Twice" });
    expect((await call("POST", "/api/queues", boss.cookie, { name: "Twice" })).json().error.code).toBe(
      "conflict",
    );
    const q = (await call("GET", "/api/queues", boss.cookie)).json().items[0];
    const badRule = await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Bad",
      position: 1,
      queueId: q.id,
      conditions: [{ field: "intent", op: "at_least", values: ["3"] }],
    });
    expect(badRule.json().error.code).toBe("validation_failed");
    // Each problem names the part of the rule at fault, so the editor shows it beside that field.
    expect(badRule.json().error.details).toEqual([{ path: "conditions.0.op", message: expect.any(String) }]);
    const badTier = await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Bad tier",
      position: 1,
      queueId: q.id,
      conditions: [
        { field: "intent", op: "in", values: ["complaint"] },
        { field: "customer_tier", op: "in", values: ["platinum"] },
      ],
    });
    expect(badTier.json().error.details).toEqual([
      { path: "conditions.1.values", message: expect.stringMatching(/standard, silver, gold, vip/) },
    ]);
    const noQueue = await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Nowhere",
      position: 1,
      queueId: "00000000-0000-4000-8000-000000000000",
    });
    expect(noQueue.json().error.details).toEqual([{ path: "queueId", message: expect.any(String) }]);
    expect((await call("GET", "/api/routing-rules", boss.cookie)).json().items).toEqual([]);
  });

  it("puts the rules in a new order in one change, and refuses an order that leaves a rule out", async () => {
    const boss = await t.signIn("supervisor");
    const q = (await call("POST", "/api/queues", boss.cookie, { name: "Care" })).json();
    const ids: string[] = [];
    for (const name of ["First", "Second", "Third"]) {
      const rule = await call("POST", "/api/routing-rules", boss.cookie, {
        name,
        position: ids.length + 1,
        queueId: q.id,
        conditions: [{ field: "platform", op: "in", values: ["x"] }],
      });
      ids.push(rule.json().id);
    }
    const order = [ids[2]!, ids[0]!, ids[1]!];
    const moved = await call("PUT", "/api/routing-rules/order", boss.cookie, { ids: order });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().items.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([
      ["Third", 10],
      ["First", 20],
      ["Second", 30],
    ]);
    const partial = await call("PUT", "/api/routing-rules/order", boss.cookie, { ids: [ids[0], ids[1]] });
    expect(partial.json().error).toMatchObject({ code: "validation_failed", details: [{ path: "ids" }] });
    const listed = (await call("GET", "/api/routing-rules", boss.cookie)).json().items;
    expect(listed.map((r: { id: string }) => r.id)).toEqual(order);
    const agent = await t.signIn("agent");
    expect((await call("PUT", "/api/routing-rules/order", agent.cookie, { ids: order })).statusCode).toBe(
      403,
    );
  });
});
