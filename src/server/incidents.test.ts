/**
 * Incidents on both stores: a spike rule firing on a topic groups the open work items of that
 * topic's hour (not older ones, not other topics) into one incident, once however often the round
 * runs; a supervisor answers it with one text, and a job gives each item its own reply through the
 * normal reply path with its customer's name filled in and closes it; the replies are sent once
 * each, when the answer is given twice at once and when its job is cut short and runs again; bad
 * answers get stable codes and change nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { settle } from "../../test/support/settle.ts";
import type { ConnectorKind, OutgoingReply } from "../connectors/contract.ts";
import { demoKind } from "../connectors/demo/source.ts";
import { ManualClock } from "../domain/clock.ts";
import { WEEK_HOURS } from "../domain/insight/spikes.ts";
import { judgeWindows } from "../jobs/alerts.ts";
import { rollUpBatch } from "../jobs/insights.ts";
import { replySendJob } from "../jobs/replySend.ts";
import { startWorker } from "../jobs/runner.ts";
import { INCIDENT_ANSWER_JOB } from "../services/incidents.ts";

const HOUR = 60 * 60_000;
const T0 = Date.UTC(2026, 9, 5, 0, 0, 0);

describe.each(appBackends)("incidents on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let sourceId: string;
  let supervisor: { cookie: string; userId: string };
  let events = 0;
  const sent: OutgoingReply[] = [];

  beforeEach(async () => {
    clock = new ManualClock(T0 + 5 * WEEK_HOURS * HOUR + 30 * 60_000);
    t = await testApp({
      postgres,
      core: { clock, credentialsKey: "a-test-key-that-is-long-enough-for-the-box" },
    });
    supervisor = await t.signIn("supervisor");
    sourceId = (
      await t.core.store.sources.create(t.workspaceId, {
        kind: "demo",
        name: "Demo",
        config: { seed: 1, ratePerSecond: 0, backlog: 0 },
        credentials: null,
      })
    ).id;
    sent.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  /** Posts of `topic` by distinct authors through the demo source, rolled up as the job does. */
  async function posts(
    specs: { author: string; name?: string; topic: string; at?: number; text?: string }[],
  ): Promise<string[]> {
    const result = await t.core.store.ingest(
      t.workspaceId,
      specs.map((s, i) => ({
        post: makePost({
          platform: "demo",
          text: s.text ?? `@lumenhelp the network is down again near me (${events}-${i})`,
          createdAt: new Date((s.at ?? clock.now()) + i),
          author: {
            platform: "demo",
            platformId: s.author,
            handle: s.author,
            followers: 5,
            ...(s.name ? { name: s.name } : {}),
          },
        }),
        analysis: makeAnalysis({ topic: { label: s.topic, confidence: 0.7, explanation: "" } }),
        campaignIds: [],
      })),
      sourceId,
    );
    events += 1;
    const ids = result.stored.map((s) => s.id);
    await rollUpBatch(
      t.core.store,
      t.workspaceId,
      `00000000-0000-7000-8000-${String(events).padStart(12, "0")}`,
      ids,
      new Date(clock.now()),
    );
    return result.workItems.map((w) => w.id);
  }

  async function spikeRule(dimension: "topic" | "intent" | "sentiment" = "topic") {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/alert-rules",
      headers: { cookie: (await t.signIn("admin")).cookie },
      payload: {
        name: "Topic spikes",
        condition: { kind: "spike", dimension, value: null },
        channels: [{ type: "webhook", url: "http://127.0.0.1:9/hook" }],
        allowPrivateNetwork: true,
        quietMinutes: 0,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json().rule.id as string;
  }

  /** Four earlier weeks with two network authors in this hour each: the usual level. */
  async function usualLevel() {
    const hour = Math.floor(clock.now() / HOUR) * HOUR;
    for (let w = 1; w <= 4; w++) {
      await posts([
        { author: `u${w}a`, topic: "network", at: hour - w * WEEK_HOURS * HOUR + 60_000 },
        { author: `u${w}b`, topic: "network", at: hour - w * WEEK_HOURS * HOUR + 120_000 },
      ]);
    }
  }

  const get = (url: string, cookie = supervisor.cookie) =>
    t.app.inject({ method: "GET", url, headers: { cookie } });
  const answer = (id: string, text: string, cookie = supervisor.cookie) =>
    t.app.inject({
      method: "POST",
      url: `/api/incidents/${id}/answer`,
      headers: { cookie },
      payload: { text },
    });

  /** Runs the answer's job until it has been through every item. */
  async function carryOutAnswers() {
    const definitions = t.core.jobs.filter((j) => j.name === INCIDENT_ANSWER_JOB);
    const worker = startWorker({ store: t.core.store, clock, definitions, pollMs: 0 });
    await settle(t.core.relay, worker);
    await worker.stop();
  }

  /** Runs the reply jobs with a connector that records what it is asked to send. */
  async function sendReplies() {
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
    await t.core.relay.flush();
    const worker = startWorker({ store: t.core.store, clock, definitions: [job], pollMs: 0, concurrency: 4 });
    for (let i = 0; i < 5; i++) if ((await worker.tick()) === 0) break;
    await worker.stop();
  }

  it("a topic's spike groups that hour's open items; one answer replies to each with its own name and closes them", async () => {
    const ruleId = await spikeRule();
    await usualLevel();
    const spiking = await posts(
      Array.from({ length: 12 }, (_, i) => ({
        author: `now${i}`,
        ...(i === 0
          ? { name: "Ann <b>Lee</b>", text: "@lumenhelp no network at all, write to ann@example.com" }
          : {}),
        topic: "network",
      })),
    );
    const otherTopic = await posts([{ author: "billy", topic: "billing" }]);
    expect(await judgeWindows(t.core.store, new Date(clock.now()))).toBe(1);
    // The round again in the same hour adds nothing.
    clock.advance(5 * 60_000);
    expect(await judgeWindows(t.core.store, new Date(clock.now()))).toBe(0);

    const list = await get("/api/incidents");
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const [incident] = list.json().items;
    expect(incident).toMatchObject({
      ruleId,
      dimension: "topic",
      key: "network",
      state: "open",
      counts: { items: 12, replied: 0, closed: 0 },
    });
    expect(incident.summary).toMatch(/^topic network: 12 distinct authors/);
    const detail = (await get(`/api/incidents/${incident.id}`)).json();
    // An analyst reads the incident without the personal data in its posts.
    const analyst = await t.signIn("analyst");
    const seen = (await get(`/api/incidents/${incident.id}`, analyst.cookie)).json();
    expect(detail.items.filter((i: { text: string }) => i.text.includes("ann@example.com"))).toHaveLength(1);
    expect(seen.items.map((i: { text: string }) => i.text).join(" ")).not.toContain("ann@example.com");
    expect(detail.items.map((i: { workItemId: string }) => i.workItemId).sort()).toEqual([...spiking].sort());
    expect(detail.items.map((i: { workItemId: string }) => i.workItemId)).not.toContain(otherTopic[0]);

    // Bad answers: stable codes, nothing written.
    const agent = await t.signIn("agent");
    expect((await answer(incident.id, "Hello", agent.cookie)).statusCode).toBe(403);
    expect((await answer(incident.id, "Your order {{order_number}}")).json().error.code).toBe(
      "incident_variable_unavailable",
    );
    expect((await answer(incident.id, "Hi {{nickname}}")).json().error.code).toBe(
      "template_variable_unknown",
    );
    expect((await answer(incident.id, "   ")).json().error.code).toBe("validation_failed");
    expect((await answer("00000000-0000-7000-8000-000000000000", "Hi")).statusCode).toBe(404);
    expect(await t.core.store.replies.forWorkItem(t.workspaceId, spiking[0]!)).toEqual([]);

    // One item was closed by an agent before the answer: it is passed over.
    await t.app.inject({
      method: "POST",
      url: `/api/work-items/${spiking[11]}/discard`,
      headers: { cookie: supervisor.cookie },
      payload: { reason: "duplicate" },
    });

    const text =
      "Hi {{customer_name}}, the network outage is known and being fixed. {{agent_name}}, {{brand_name}}";
    const answered = await answer(incident.id, text);
    expect(answered.statusCode).toBe(202);
    // Accepted: the items are answered in the background, and a second answer is refused meanwhile.
    expect(answered.json()).toMatchObject({
      state: "answering",
      answerText: text,
      answeredBy: supervisor.userId,
      counts: { items: 12, replied: 0, closed: 1 },
    });
    expect((await answer(incident.id, "Again")).json().error.code).toBe("incident_answering");
    await carryOutAnswers();
    const body = (await get(`/api/incidents/${incident.id}`)).json();
    expect(body).toMatchObject({
      state: "answered",
      answerText: text,
      answeredBy: supervisor.userId,
      counts: { items: 12, replied: 11, skipped: 1, failed: 0, closed: 12, queued: 11, sent: 0 },
    });
    const first = await t.core.store.replies.forWorkItem(t.workspaceId, spiking[0]!);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toMatch(
      /^Hi Ann <b>Lee<\/b>, the network outage is known and being fixed\. supervisor \d+, \S/,
    );
    const second = await t.core.store.replies.forWorkItem(t.workspaceId, spiking[1]!);
    expect(second[0]?.text).toMatch(/^Hi @now1, the network outage/);
    expect(await t.core.store.replies.forWorkItem(t.workspaceId, spiking[11]!)).toEqual([]);
    const states = await Promise.all(spiking.map((id) => t.core.store.views.workItem(t.workspaceId, id)));
    expect(states.map((s) => s?.state)).toEqual([...Array(11).fill("handled"), "discarded"]);

    await sendReplies();
    await sendReplies();
    expect(sent).toHaveLength(11);
    expect(new Set(sent.map((s) => s.idempotencyKey)).size).toBe(11);
    const after = (await get(`/api/incidents/${incident.id}`)).json();
    expect(after.counts).toMatchObject({ replied: 11, sent: 11, queued: 0 });
    expect(after.timeline.map((e: { what: string }) => e.what)).toEqual([
      "Opened with 12 items",
      "Answered: 11 replies written (1 closed before)",
      "First reply sent",
      "All 11 replies sent",
    ]);
    expect(after.items.find((i: { outcome: string }) => i.outcome === "skipped")).toMatchObject({
      workItemId: spiking[11],
      error: "Closed before the answer",
    });

    expect((await answer(incident.id, "Again")).json().error.code).toBe("incident_answered");
    const audit = await t.core.store.audit.list(t.workspaceId, { subjectType: "incident", limit: 10 });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ["incident.answered", supervisor.userId],
      ["incident.opened", null],
    ]);
    expect(audit[0]!.detail).toMatchObject({ items: 12, replied: 11, skipped: 1, failed: 0 });
  });

  it("two answers given at once: one is taken, the other refused, and each item gets one reply", async () => {
    await spikeRule();
    await usualLevel();
    const spiking = await posts(
      Array.from({ length: 10 }, (_, i) => ({ author: `now${i}`, topic: "network" })),
    );
    await judgeWindows(t.core.store, new Date(clock.now()));
    const [incident] = (await get("/api/incidents")).json().items;
    const other = await t.signIn("supervisor");
    const [a, b] = await Promise.all([
      answer(incident.id, "We are on it, {{customer_name}}"),
      answer(incident.id, "We are on it, {{customer_name}}", other.cookie),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([202, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe("incident_answering");
    await carryOutAnswers();
    for (const id of spiking)
      expect(await t.core.store.replies.forWorkItem(t.workspaceId, id)).toHaveLength(1);
    await sendReplies();
    expect(sent).toHaveLength(10);
  });

  it("an answer cut short is taken up again and writes no second reply", async () => {
    await spikeRule();
    await usualLevel();
    const spiking = await posts(
      Array.from({ length: 10 }, (_, i) => ({ author: `now${i}`, topic: "network" })),
    );
    await judgeWindows(t.core.store, new Date(clock.now()));
    const [incident] = (await get("/api/incidents")).json().items;
    expect((await answer(incident.id, "Fixing it, {{customer_name}}")).statusCode).toBe(202);
    // The first run dies at its fourth reply: the three before are kept, the job is retried later.
    const create = t.core.services.replies.create;
    let calls = 0;
    const spy = vi.spyOn(t.core.services.replies, "create").mockImplementation((...args) => {
      if (++calls === 4) return Promise.reject(new Error("the process died"));
      return create(...args);
    });
    const definitions = t.core.jobs.filter((j) => j.name === INCIDENT_ANSWER_JOB);
    const first = startWorker({ store: t.core.store, clock, definitions, pollMs: 0 });
    expect(await first.tick()).toBe(1);
    await first.stop();
    spy.mockRestore();
    const midway = (await get(`/api/incidents/${incident.id}`)).json();
    expect(midway.state).toBe("answering");
    expect(midway.counts).toMatchObject({ replied: 3, closed: 3 });
    expect(midway.timeline.at(-1).what).toBe("Answering: 3 replies written of 10 items");
    // Nothing is due before the retry's backoff.
    await carryOutAnswers();
    expect((await get(`/api/incidents/${incident.id}`)).json().counts.replied).toBe(3);
    // The retry comes after its backoff and goes through the rest.
    clock.advance(60 * 60_000);
    await carryOutAnswers();
    const done = (await get(`/api/incidents/${incident.id}`)).json();
    expect(done).toMatchObject({ state: "answered", counts: { items: 10, replied: 10, closed: 10 } });
    for (const id of spiking)
      expect(await t.core.store.replies.forWorkItem(t.workspaceId, id)).toHaveLength(1);
  });

  it("an intent's spike groups that hour's items by their intent", async () => {
    await spikeRule("intent");
    await usualLevel();
    const spiking = await posts(
      Array.from({ length: 10 }, (_, i) => ({ author: `now${i}`, topic: "billing" })),
    );
    expect(await judgeWindows(t.core.store, new Date(clock.now()))).toBe(1);
    const [incident] = (await get("/api/incidents")).json().items;
    expect(incident).toMatchObject({
      dimension: "intent",
      key: "complaint",
      title: "Spike in intent complaint",
      counts: { items: 10 },
    });
    const detail = (await get(`/api/incidents/${incident.id}`)).json();
    expect(detail.items.map((i: { workItemId: string }) => i.workItemId).sort()).toEqual([...spiking].sort());
  });

  it("a later spike of the same topic adds its new items to the open incident", async () => {
    await spikeRule();
    await usualLevel();
    await posts(Array.from({ length: 10 }, (_, i) => ({ author: `now${i}`, topic: "network" })));
    await judgeWindows(t.core.store, new Date(clock.now()));
    clock.advance(HOUR);
    // The next hour of that week had no usual level: a few authors are a spike too.
    await posts(Array.from({ length: 10 }, (_, i) => ({ author: `later${i}`, topic: "network" })));
    await judgeWindows(t.core.store, new Date(clock.now()));
    const list = (await get("/api/incidents")).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].counts.items).toBe(20);
    const detail = (await get(`/api/incidents/${list[0].id}`)).json();
    expect(detail.timeline.map((e: { what: string }) => e.what)).toEqual([
      "Opened with 10 items",
      "10 items joined",
    ]);
  });
});
