/** Hand-off over HTTP: the endpoint, a signed delivery to a real local receiver, retries, giving up, and the status coming back. */
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { type HandoffReceiver, startHandoffReceiver } from "../../test/support/handoffReceiver.ts";
import { ManualClock } from "../domain/clock.ts";
import { startWorker } from "../jobs/runner.ts";

const PUBLIC_URL = "https://parley.example";

describe.each(appBackends)("hand-off on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let receiver: HandoffReceiver;
  let admin: { cookie: string; userId: string };
  let agent: { cookie: string; userId: string };

  beforeEach(async () => {
    // The receiver checks timestamps against its own (real) time, as an outside system would.
    clock = new ManualClock(Date.now());
    t = await testApp({
      postgres,
      core: {
        clock,
        credentialsKey: "a-test-key-that-is-long-enough-for-the-box",
        publicUrl: PUBLIC_URL,
        handoffTimeoutMs: 300,
      },
    });
    receiver = await startHandoffReceiver({ now: () => clock.now() });
    admin = await t.signIn("admin");
    agent = await t.signIn("agent");
  });
  afterEach(async () => {
    await receiver.close();
    await t.close();
  });

  const saveEndpoint = (payload: Record<string, unknown>, cookie = admin.cookie) =>
    t.app.inject({ method: "PUT", url: "/api/handoff-endpoint", headers: { cookie }, payload });

  async function configure() {
    const res = await saveEndpoint({ url: receiver.url, allowPrivateNetwork: true });
    expect(res.statusCode).toBe(200);
    receiver.secret = res.json().secret;
    return res.json();
  }

  async function workItem() {
    const post = makePost({
      platform: "demo",
      author: { platform: "demo", platformId: "c1", handle: "customer", name: "Casey" },
      text: "@lumenhelp I was charged twice for my plan and need a refund",
    });
    await t.core.pipeline.submit(t.workspaceId, [post], { requireMatch: false });
    const items = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    const item = items.find((i) => i.post.platformId === post.platformId);
    if (!item) throw new Error("the post opened no work item");
    return item;
  }

  const claim = (id: string, cookie = agent.cookie) =>
    t.app.inject({ method: "POST", url: `/api/work-items/${id}/claim`, headers: { cookie } });
  const handOff = (id: string, reason: string, cookie = agent.cookie) =>
    t.app.inject({
      method: "POST",
      url: `/api/work-items/${id}/hand-off`,
      headers: { cookie },
      payload: { reason },
    });
  const history = async (id: string) =>
    (
      await t.app.inject({
        method: "GET",
        url: `/api/work-items/${id}/handoffs`,
        headers: { cookie: agent.cookie },
      })
    ).json().items;
  const itemState = async (id: string) => (await t.core.store.views.workItem(t.workspaceId, id))!.state;

  /** Relays the outbox (which enqueues `handoff.deliver`) and runs the due delivery jobs. */
  async function deliver() {
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: t.core.jobs.filter((j) => j.name === "handoff.deliver"),
      pollMs: 0,
      random: () => 0.5,
    });
    const ran = await worker.tick();
    await worker.stop();
    await t.core.relay.flush();
    return ran;
  }

  /** A status report signed as the contact center signs it. */
  function report(id: string, body: unknown, options: { secret?: string; at?: number } = {}) {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor((options.at ?? clock.now()) / 1000));
    const signature = `sha256=${createHmac("sha256", options.secret ?? receiver.secret)
      .update(`${timestamp}.${raw}`)
      .digest("hex")}`;
    return t.app.inject({
      method: "POST",
      url: `/api/handoffs/${id}/status`,
      headers: {
        "content-type": "application/json",
        "x-parley-timestamp": timestamp,
        "x-parley-signature": signature,
      },
      payload: raw,
    });
  }

  async function handedOff(reason = "Billing disputes are handled by the billing desk") {
    const item = await workItem();
    expect((await claim(item.id)).statusCode).toBe(200);
    const res = await handOff(item.id, reason);
    expect(res.statusCode).toBe(202);
    return { item, handoff: res.json().handoff as { id: string } };
  }

  it("shows the signing secret once, seals it, and refuses private addresses unless the admin allows them", async () => {
    const refused = await saveEndpoint({ url: receiver.url });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("handoff_url_refused");
    expect(
      (await saveEndpoint({ url: "ftp://example.com/x", allowPrivateNetwork: true })).json().error.code,
    ).toBe("handoff_url_refused");
    expect((await saveEndpoint({ url: receiver.url }, agent.cookie)).statusCode).toBe(403);

    const saved = await configure();
    expect(saved).toMatchObject({
      configured: true,
      url: receiver.url,
      enabled: true,
      allowPrivateNetwork: true,
    });
    expect(saved.secret).toMatch(/^whsec_/);
    const shown = await t.app.inject({
      method: "GET",
      url: "/api/handoff-endpoint",
      headers: { cookie: admin.cookie },
    });
    expect(shown.json()).toEqual({ ...saved, secret: undefined, updatedAt: shown.json().updatedAt });
    expect(JSON.stringify(shown.json())).not.toContain(saved.secret);
    const stored = await t.core.store.handoffs.endpoint(t.workspaceId);
    expect(stored!.secret).not.toContain(saved.secret);
    expect(t.core.box.open(stored!.secret).signingSecret).toBe(saved.secret);

    const changed = await saveEndpoint({ url: receiver.url, enabled: false });
    expect(changed.json()).toMatchObject({ enabled: false, allowPrivateNetwork: true, secret: null });
    const rotated = await saveEndpoint({ url: receiver.url, rotateSecret: true });
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(saved.secret);
    const audit = await t.core.store.audit.list(t.workspaceId, {
      subjectType: "handoff_endpoint",
      limit: 10,
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "handoff_endpoint.created",
      "handoff_endpoint.updated",
      "handoff_endpoint.updated",
    ]);
    expect(JSON.stringify(audit)).not.toContain(saved.secret);
  });

  it("hands off only a held item, with a reason, to an enabled endpoint", async () => {
    const item = await workItem();
    expect((await handOff(item.id, "billing")).json().error.code).toBe("handoff_not_configured");
    await configure();
    expect((await handOff(item.id, "billing")).json().error.code).toBe("work_item_not_held");
    await claim(item.id);
    const empty = await handOff(item.id, "   ");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("handoff_reason_required");
    const other = await t.signIn("agent");
    expect((await handOff(item.id, "billing", other.cookie)).json().error.code).toBe("work_item_reserved");
    expect(await itemState(item.id)).toBe("reserved");
    expect(await t.core.store.handoffs.forWorkItem(t.workspaceId, item.id)).toEqual([]);

    const res = await handOff(item.id, "billing");
    expect(res.statusCode).toBe(202);
    expect(res.json().workItem.state).toBe("queued_external");
    expect(res.json().handoff).toMatchObject({
      status: "queued",
      reason: "billing",
      by: { id: agent.userId },
    });
    expect((await handOff(item.id, "again")).json().error.code).toBe("invalid_transition");
  });

  it("a supervisor hands off an item nobody holds", async () => {
    await configure();
    const item = await workItem();
    const supervisor = await t.signIn("supervisor");
    expect((await handOff(item.id, "escalation", supervisor.cookie)).statusCode).toBe(202);
    expect(await itemState(item.id)).toBe("queued_external");
  });

  it("delivers the item with its context, signed, with the hand-off's id as the idempotency key", async () => {
    await configure();
    const { item, handoff } = await handedOff();
    expect(await deliver()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.verified).toBe(true);
    expect(got!.answered).toBe(200);
    expect(got!.headers["idempotency-key"]).toBe(handoff.id);
    expect(got!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      type: "parley.handoff",
      handoff: {
        id: handoff.id,
        reason: "Billing disputes are handled by the billing desk",
        by: { id: agent.userId },
      },
      workItem: { id: item.id, postId: item.post.id },
      author: { handle: "customer", name: "Casey", platform: "demo" },
      callback: { url: `${PUBLIC_URL}/api/handoffs/${handoff.id}/status` },
    });
    expect(body.labels.intent).toBe(item.post.analysis?.intent.label ?? null);
    expect(body.conversation.posts.map((p: { text: string }) => p.text)).toEqual([
      "@lumenhelp I was charged twice for my plan and need a refund",
    ]);
    const [h] = await history(item.id);
    expect(h.status).toBe("delivered");
    expect(h.history.map((s: { status: string }) => s.status)).toEqual(["queued", "delivered"]);
    expect(await itemState(item.id)).toBe("queued_external");
    // A repeated run (the event relayed twice) delivers nothing again.
    expect(await deliver()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a 500 and a hang with backoff, the same idempotency key each time", async () => {
    await configure();
    const { item, handoff } = await handedOff();
    receiver.answers = ["fail", "hang", "ok"];
    expect(await deliver()).toBe(1);
    expect((await history(item.id))[0].status).toBe("queued");
    expect(await deliver()).toBe(0); // not due yet
    clock.advance(10 * 60_000);
    expect(await deliver()).toBe(1); // hangs past the timeout
    expect((await history(item.id))[0]).toMatchObject({ status: "queued", attempts: 2 });
    expect(receiver.received.map((r) => r.answered)).toEqual([500, null]);
    clock.advance(10 * 60_000);
    expect(await deliver()).toBe(1);
    expect(receiver.received.map((r) => r.headers["idempotency-key"])).toEqual([
      handoff.id,
      handoff.id,
      handoff.id,
    ]);
    expect(receiver.received.map((r) => r.headers["x-parley-attempt"])).toEqual(["1", "2", "3"]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect((await history(item.id))[0]).toMatchObject({ status: "delivered", attempts: 3 });
  });

  it("gives up after the last attempt: the hand-off fails with the reason, the item returns to the inbox, a dead letter says why", async () => {
    await configure();
    const { item } = await handedOff();
    receiver.answers = ["fail"];
    for (let i = 0; i < 6; i++) {
      expect(await deliver()).toBe(1);
      clock.advance(10 * 60_000);
    }
    expect(await deliver()).toBe(0);
    expect(receiver.received).toHaveLength(6);
    const [h] = await history(item.id);
    expect(h).toMatchObject({ status: "failed", error: "The contact center answered 500" });
    expect(h.history.map((s: { status: string }) => s.status)).toEqual(["queued", "failed"]);
    const view = await t.core.store.views.workItem(t.workspaceId, item.id);
    expect(view).toMatchObject({ state: "new", assignee: null });
    const dead = await t.core.store.jobs.deadLetters({ workspaceId: t.workspaceId, limit: 10 });
    expect(dead.map((d) => [d.origin, d.name, d.code, d.reason, d.attempts])).toEqual([
      ["job", "handoff.deliver", "retries_exhausted", "The contact center answered 500", 6],
    ]);
    const audit = await t.core.store.audit.list(t.workspaceId, { subjectId: item.id, limit: 20 });
    expect(audit.map((a) => a.action)).toContain("work_item.returned_from_handoff");
  });

  it("fails at once when the receiver refuses the delivery (a 4xx)", async () => {
    await configure();
    const { item } = await handedOff();
    receiver.secret = "whsec_not-the-one-parley-signs-with";
    expect(await deliver()).toBe(1);
    expect(receiver.received[0]!.answered).toBe(401);
    expect((await history(item.id))[0]).toMatchObject({
      status: "failed",
      error: "The contact center answered 401",
    });
    expect(await itemState(item.id)).toBe("new");
  });

  it("takes the statuses back: forward only, a repeat is harmless, handled resolves the item", async () => {
    await configure();
    const { item, handoff } = await handedOff();
    await deliver();
    const accepted = await report(handoff.id, { status: "accepted" });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ id: handoff.id, status: "accepted", changed: true });
    expect((await report(handoff.id, { status: "accepted" })).json()).toEqual({
      id: handoff.id,
      status: "accepted",
      changed: false,
    });
    expect(
      (await report(handoff.id, { status: "assigned", agent: "Robin (billing)", note: "On it" })).statusCode,
    ).toBe(200);
    const back = await report(handoff.id, { status: "accepted" });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe("handoff_status_backwards");
    expect(await itemState(item.id)).toBe("queued_external");
    expect((await report(handoff.id, { status: "handled", note: "Refunded" })).json().changed).toBe(true);
    expect(await itemState(item.id)).toBe("handled");
    expect((await report(handoff.id, { status: "rejected" })).json().error.code).toBe("handoff_closed");

    const [h] = await history(item.id);
    expect(h).toMatchObject({ status: "handled", externalAgent: "Robin (billing)" });
    expect(
      h.history.map((s: { status: string; agent: string | null; note: string | null }) => [
        s.status,
        s.agent,
        s.note,
      ]),
    ).toEqual([
      ["queued", null, "Billing disputes are handled by the billing desk"],
      ["delivered", null, null],
      ["accepted", null, null],
      ["assigned", "Robin (billing)", "On it"],
      ["handled", null, "Refunded"],
    ]);
    const audit = await t.core.store.audit.list(t.workspaceId, { subjectId: item.id, limit: 20 });
    expect(audit.filter((a) => a.action === "handoff.status")).toHaveLength(3);
    expect(audit.map((a) => a.action)).toContain("work_item.handled_external");
    const types = (await t.core.store.events.after(0, { workspaceId: t.workspaceId, limit: 200 })).map(
      (e) => e.type,
    );
    expect(types.filter((x) => x === "handoff.status_changed")).toHaveLength(4);
  });

  it("rejected puts the item back in the inbox, nobody holding it", async () => {
    await configure();
    const { item, handoff } = await handedOff();
    expect((await report(handoff.id, { status: "rejected", note: "Not ours" })).json().changed).toBe(true);
    expect(await t.core.store.views.workItem(t.workspaceId, item.id)).toMatchObject({
      state: "new",
      assignee: null,
    });
    // The delivery that was still queued sees the hand-off closed and sends nothing.
    await deliver();
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a bad signature, a replay outside the window, an unknown hand-off and a bad body with stable codes", async () => {
    await configure();
    const { item, handoff } = await handedOff();
    const wrong = await report(handoff.id, { status: "accepted" }, { secret: "whsec_guess" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("signature_invalid");
    const old = await report(handoff.id, { status: "accepted" }, { at: clock.now() - 10 * 60_000 });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe("signature_expired");
    const unknown = await report("0190a0a0-0000-7000-8000-000000000000", { status: "accepted" });
    expect(unknown.json().error.code).toBe("signature_invalid");
    const bad = await report(handoff.id, { status: "lost" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    const unsigned = await t.app.inject({
      method: "POST",
      url: `/api/handoffs/${handoff.id}/status`,
      headers: { "content-type": "application/json" },
      payload: '{"status":"handled"}',
    });
    expect(unsigned.json().error.code).toBe("signature_invalid");
    expect((await history(item.id))[0].history).toHaveLength(1);
    expect(await itemState(item.id)).toBe("queued_external");
  });
});
