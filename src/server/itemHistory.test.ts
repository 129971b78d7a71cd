/**
 * A work item's history over HTTP, on both stores: routed, offered, claimed, a reply held and
 * rejected, a reply sent, transferred, resolved, reopened by the customer, each with who; an
 * analyst reads it with personal data redacted from what people wrote.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";
import { recordHistory } from "../services/itemHistory.ts";
import { sql } from "../store/orm.ts";

describe.each(appBackends)("work item history on $name", ({ postgres }) => {
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

  const call = (method: "GET" | "POST" | "PUT", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const settle = () => settleJobs(t.core.relay, worker);
  const customer = { platform: "demo", platformId: "c-77", handle: "jordan" } as const;

  it("tells each step with who took it, and redacts what people wrote for analysts", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const colleague = await t.signIn("agent");
    const analyst = await t.signIn("analyst");
    const source = await t.core.store.sources.create(t.workspaceId, {
      kind: "demo",
      name: "Demo",
      config: { seed: 1, ratePerSecond: 0, backlog: 0 },
      credentials: null,
    });
    const queue = (await call("POST", "/api/queues", boss.cookie, { name: "Care" })).json();
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Demo",
      position: 1,
      queueId: queue.id,
      conditions: [{ field: "platform", op: "in", values: ["demo"] }],
    });
    await call("POST", "/api/approval-rules", boss.cookie, {
      name: "Refunds",
      enabled: true,
      conditions: [{ kind: "words", words: ["refund"] }],
    });
    // No survey invitation after the resolve: its reply is not what this test follows.
    await call("PUT", "/api/surveys/settings", boss.cookie, { enabled: false, delayMs: 0, cooldownDays: 30 });
    for (const u of [agent, colleague]) {
      await call("PUT", `/api/users/${u.userId}/routing`, boss.cookie, { skills: [], capacity: 3 });
    }
    await call("PUT", "/api/me/presence", agent.cookie, { presence: "available" });

    const post = async (text: string, replyToPlatformId?: string) => {
      const made = makePost({
        platform: "demo",
        author: customer,
        text,
        ...(replyToPlatformId ? { replyToPlatformId } : {}),
      });
      await t.core.pipeline.submit(t.workspaceId, [made], { requireMatch: false, sourceId: source.id });
      return made;
    };
    const first = await post("@lumenhelp my phone has had no signal since this morning, please help");
    await settle();
    const [item] = (await call("GET", "/api/work-items?state=new", agent.cookie)).json().items;
    expect(item.offer.agent.id).toBe(agent.userId);

    expect((await call("POST", `/api/work-items/${item.id}/accept`, agent.cookie)).statusCode).toBe(200);
    const held = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
      text: "We will refund the day",
      channel: "public",
    });
    expect(held.json().status).toBe("awaiting_approval");
    await call("POST", `/api/replies/${held.json().id}/reject`, boss.cookie, {
      reason: "Ask jordan.k@example.com for the order first",
    });
    const sent = await call("POST", `/api/work-items/${item.id}/replies`, agent.cookie, {
      text: "Sorry about that, we are looking into it",
      channel: "public",
    });
    expect(sent.statusCode).toBe(202);
    await settle();
    expect(
      (await call("GET", `/api/work-items/${item.id}/replies`, agent.cookie)).json().items,
    ).toContainEqual(expect.objectContaining({ status: "sent" }));
    const moved = await call("POST", `/api/work-items/${item.id}/transfer`, boss.cookie, {
      agentId: colleague.userId,
    });
    expect(moved.statusCode).toBe(200);
    expect((await call("POST", `/api/work-items/${item.id}/resolve`, colleague.cookie)).statusCode).toBe(200);
    await settle();
    clock.advance(60 * 60_000);
    await post("@lumenhelp still no signal at all", first.platformId);
    await settle();

    const history = await call("GET", `/api/work-items/${item.id}/history`, agent.cookie);
    expect(history.statusCode).toBe(200);
    const steps = history.json().items as {
      kind: string;
      actor: { id: string } | null;
      agent: { id: string } | null;
      queue: { name: string } | null;
      detail: Record<string, string | number>;
      at: string;
    }[];
    const brief = steps.map((s) => s.kind);
    // In the order they happened; the reopened item goes back to its queue.
    expect(brief).toEqual(
      expect.arrayContaining(["opened", "routed", "offered", "claimed", "reply_held", "reply_rejected"]),
    );
    const order = [
      "opened",
      "routed",
      "offered",
      "claimed",
      "reply_held",
      "reply_rejected",
      "reply_queued",
      "replied",
      "transferred",
      "resolved",
      "reopened",
    ];
    const positions = order.map((kind) => brief.indexOf(kind));
    expect(brief).toEqual(expect.arrayContaining(order));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const step = (kind: string) => steps.find((s) => s.kind === kind)!;
    expect(step("routed")).toMatchObject({ queue: { name: "Care" }, detail: { reason: "rule" } });
    expect(step("offered").agent?.id).toBe(agent.userId);
    expect(step("claimed")).toMatchObject({ actor: { id: agent.userId }, agent: { id: agent.userId } });
    expect(step("reply_held").actor?.id).toBe(agent.userId);
    expect(step("reply_rejected")).toMatchObject({
      actor: { id: boss.userId },
      detail: { reason: "Ask jordan.k@example.com for the order first" },
    });
    expect(step("replied")).toMatchObject({ actor: { id: agent.userId }, detail: { channel: "public" } });
    expect(step("transferred")).toMatchObject({
      actor: { id: boss.userId },
      agent: { id: colleague.userId },
    });
    expect(step("resolved").actor?.id).toBe(colleague.userId);
    // The customer's post reopened it: no one in the brand did.
    expect(step("reopened").actor).toBeNull();
    expect(brief.lastIndexOf("routed")).toBeGreaterThan(brief.indexOf("reopened"));
    expect(steps.every((s, i) => i === 0 || Date.parse(s.at) >= Date.parse(steps[i - 1]!.at))).toBe(true);

    const redacted = (await call("GET", `/api/work-items/${item.id}/history`, analyst.cookie)).json().items;
    expect(redacted).toHaveLength(steps.length);
    const reason = redacted.find((s: { kind: string }) => s.kind === "reply_rejected").detail.reason;
    expect(reason).not.toContain("jordan.k@example.com");
    expect(reason).toMatch(/^Ask .+ for the order first$/);

    const missing = await call(
      "GET",
      "/api/work-items/00000000-0000-4000-8000-000000000000/history",
      agent.cookie,
    );
    expect(missing.json().error.code).toBe("not_found");
  });

  it("keeps one row per event however often the relay's trigger sees it, and none for a deleted item", async () => {
    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my bill is wrong" })]);
    await t.core.relay.flush();
    const [item] = await t.core.store.views.workItems(t.workspaceId, { limit: 1 });
    const events = await t.core.store.events.after(0, { workspaceId: t.workspaceId, limit: 100 });
    await t.core.store.transaction((tx) => recordHistory(tx, events));
    const rows = await t.core.store.itemHistory.forItem(t.workspaceId, item!.id);
    expect(rows.map((r) => r.kind)).toEqual(["opened"]);

    // The item is gone (erased) before a late event of it is relayed: nothing is kept, nothing fails.
    const late = { ...events.find((e) => e.type === "work_item.opened")!, id: crypto.randomUUID() };
    await t.core.database.rows(sql`delete from work_items where id = ${item!.id}`);
    // Its rows went with it.
    expect(await t.core.store.itemHistory.forItem(t.workspaceId, item!.id)).toEqual([]);
    await t.core.store.transaction((tx) => recordHistory(tx, [late]));
    expect(await t.core.store.itemHistory.forItem(t.workspaceId, item!.id)).toEqual([]);
  });
});
