/** The supervisor's live view over HTTP, on items routed, offered, held and handled through the services. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { startOfDay } from "../domain/sla/calendar.ts";
import type { SupervisorView } from "../domain/supervisorViews.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";

const MIN = 60_000;

/** A zone where it is now between 02:00 and 21:00, so "today" holds the whole test whatever the hour. */
function zoneAwayFromMidnight(now: number): string {
  for (const zone of ["UTC", "Asia/Tokyo", "America/New_York", "Pacific/Auckland"]) {
    const hour = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(now),
    );
    if (hour >= 2 && hour < 21) return zone;
  }
  throw new Error("no zone away from midnight");
}

describe.each(appBackends)("the supervisor's view on $name", ({ postgres }) => {
  let t: TestApp;
  let worker: JobWorker;
  // Closing times are stamped by the wall clock: the manual one starts at the real time.
  const clock = new ManualClock(Date.now());

  beforeEach(async () => {
    clock.set(Date.now());
    t = await testApp({ postgres, core: { clock } });
    worker = startWorker({ store: t.core.store, clock, definitions: t.core.jobs, pollMs: 0 });
  });
  afterEach(async () => {
    await worker.stop();
    await t.close();
  });

  const call = (method: "GET" | "POST" | "PUT" | "PATCH", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  const settle = () => settleJobs(t.core.relay, worker);

  async function view(cookie: string): Promise<SupervisorView> {
    const res = await call("GET", "/api/supervisor", cookie);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it("counts each queue's waits, offers, holds and SLAs at risk and each agent's load and handled today", async () => {
    const admin = await t.signIn("admin");
    const boss = await t.signIn("supervisor");
    const ann = await t.signIn("agent");
    const bob = await t.signIn("agent");
    const zone = zoneAwayFromMidnight(clock.now());
    expect((await call("PATCH", "/api/workspace", admin.cookie, { timeZone: zone })).statusCode).toBe(200);

    const billing = (
      await call("POST", "/api/queues", boss.cookie, {
        name: "Billing",
        requiredSkills: [{ kind: "topic", value: "billing" }],
      })
    ).json();
    const general = (await call("POST", "/api/queues", boss.cookie, { name: "General" })).json();
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "Private to general",
      position: 1,
      queueId: general.id,
      conditions: [{ field: "channel", op: "in", values: ["private"] }],
    });
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "The rest to billing",
      position: 2,
      queueId: billing.id,
      conditions: [{ field: "platform", op: "in", values: ["x"] }],
    });
    await call("PUT", `/api/users/${ann.userId}/routing`, boss.cookie, {
      skills: [{ kind: "topic", value: "billing", proficiency: 4 }],
      capacity: 1,
    });
    await call("PUT", `/api/users/${bob.userId}/routing`, boss.cookie, { capacity: 2 });
    // Offers last long enough and nobody goes idle-away while the test moves the clock.
    await call("PUT", "/api/routing/settings", boss.cookie, {
      channelWeights: { public: 1, private: 1 },
      offerTimeoutMs: 30 * MIN,
      idleAwayMs: 24 * 60 * MIN,
    });
    const policy = await call("POST", "/api/sla/policies", boss.cookie, {
      name: "Public first response",
      position: 1,
      conditions: [{ field: "channel", values: ["public"] }],
      firstResponseMs: 60 * MIN,
      nextResponseMs: null,
      resolutionMs: null,
      warnBeforeMs: 10 * MIN,
    });
    expect(policy.statusCode).toBe(201);

    const empty = await view(boss.cookie);
    expect(empty.queues.map((q) => [q.name, q.waiting, q.oldestWaitMs, q.estimatedWaitMs])).toEqual([
      ["Billing", 0, null, null],
      ["General", 0, null, null],
    ]);
    expect(empty.timeZone).toBe(zone);
    expect(empty.dayStartedAt).toBe(new Date(startOfDay(zone, clock.now())).toISOString());

    for (let i = 0; i < 4; i++)
      await t.core.pipeline.submit(t.workspaceId, [makePost({ text: `@lumenhelp charged twice (${i})` })]);
    for (let i = 0; i < 2; i++)
      await t.core.pipeline.submit(t.workspaceId, [
        makePost({ text: `@lumenhelp my login fails (${i})`, channel: "private" }),
      ]);
    await settle();
    const queued = (await call("GET", `/api/work-items?state=new&queue=${billing.id}`, boss.cookie)).json()
      .items;
    expect(queued).toHaveLength(4);

    // Ann takes one billing item and resolves it, then takes another and keeps it.
    const [first, second] = queued;
    expect((await call("POST", `/api/work-items/${first.id}/claim`, ann.cookie)).statusCode).toBe(200);
    expect((await call("POST", `/api/work-items/${first.id}/resolve`, ann.cookie)).statusCode).toBe(200);
    expect((await call("POST", `/api/work-items/${second.id}/claim`, ann.cookie)).statusCode).toBe(200);
    // Bob is available: the general items are offered to him (billing needs a skill he lacks).
    await call("PUT", "/api/me/presence", bob.cookie, { presence: "available" });
    await settle();

    clock.advance(51 * MIN);
    await settle();
    const seen = await view(boss.cookie);
    expect(seen.queues).toEqual([
      {
        id: billing.id,
        name: "Billing",
        requiredSkills: [{ kind: "topic", value: "billing" }],
        waiting: 2,
        offered: 0,
        reserved: 1,
        oldestWaitMs: 51 * MIN,
        handledLastHour: 1,
        // Two wait, one was handled in the hour: (2 + 1) × 60 min ÷ 1.
        estimatedWaitMs: 180 * MIN,
        // Due 60 min after opening, warned 10 min before: the three open ones are inside the window.
        slaAtRisk: 3,
      },
      {
        id: general.id,
        name: "General",
        requiredSkills: [],
        waiting: 2,
        offered: 2,
        reserved: 0,
        oldestWaitMs: 51 * MIN,
        handledLastHour: 0,
        estimatedWaitMs: null,
        slaAtRisk: 0,
      },
    ]);
    const agents = new Map(seen.agents.map((a) => [a.id, a]));
    expect(agents.get(ann.userId)).toMatchObject({
      presence: "offline",
      capacity: 1,
      load: 1,
      held: 1,
      offered: 0,
      handledToday: 1,
    });
    expect(agents.get(bob.userId)).toMatchObject({
      presence: "available",
      capacity: 2,
      load: 2,
      held: 0,
      offered: 2,
      handledToday: 0,
    });
    expect(agents.get(boss.userId)).toMatchObject({ load: 0, held: 0, handledToday: 0 });

    // Past the hour the handled item no longer counts, so no wait can be estimated.
    clock.advance(10 * MIN);
    const later = await view(boss.cookie);
    expect(later.queues[0]).toMatchObject({ handledLastHour: 0, estimatedWaitMs: null, slaAtRisk: 3 });
    expect(later.agents.find((a) => a.id === ann.userId)?.handledToday).toBe(1);
  });

  it("moves the figures when a supervisor transfers, and says why a transfer is refused", async () => {
    const boss = await t.signIn("supervisor");
    const ann = await t.signIn("agent");
    const bob = await t.signIn("agent");
    const billing = (
      await call("POST", "/api/queues", boss.cookie, {
        name: "Billing",
        requiredSkills: [{ kind: "topic", value: "billing" }],
      })
    ).json();
    const general = (await call("POST", "/api/queues", boss.cookie, { name: "General" })).json();
    await call("POST", "/api/routing-rules", boss.cookie, {
      name: "All to general",
      position: 1,
      queueId: general.id,
      conditions: [{ field: "platform", op: "in", values: ["x"] }],
    });
    await call("PUT", `/api/users/${ann.userId}/routing`, boss.cookie, {
      skills: [{ kind: "topic", value: "billing", proficiency: 3 }],
      capacity: 1,
    });
    for (let i = 0; i < 3; i++)
      await t.core.pipeline.submit(t.workspaceId, [makePost({ text: `@lumenhelp refund please (${i})` })]);
    await settle();
    const [one, two] = (
      await call("GET", `/api/work-items?state=new&queue=${general.id}`, boss.cookie)
    ).json().items;

    const moved = await call("POST", `/api/work-items/${one.id}/transfer`, boss.cookie, {
      queueId: billing.id,
    });
    expect(moved.statusCode).toBe(200);
    const afterMove = await view(boss.cookie);
    expect(afterMove.queues.map((q) => [q.name, q.waiting, q.reserved])).toEqual([
      ["Billing", 1, 0],
      ["General", 2, 0],
    ]);

    // Bob lacks the billing skill; Ann has it, takes it, and is then full.
    const lacks = await call("POST", `/api/work-items/${one.id}/transfer`, boss.cookie, {
      agentId: bob.userId,
    });
    expect(lacks.statusCode).toBe(409);
    expect(lacks.json().error.code).toBe("agent_lacks_skills");
    const given = await call("POST", `/api/work-items/${one.id}/transfer`, boss.cookie, {
      agentId: ann.userId,
    });
    expect(given.json()).toMatchObject({ state: "reserved", assignee: { id: ann.userId } });
    const full = await call("POST", `/api/work-items/${two.id}/transfer`, boss.cookie, {
      agentId: ann.userId,
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe("agent_at_capacity");

    const afterGive = await view(boss.cookie);
    expect(afterGive.queues.map((q) => [q.name, q.waiting, q.reserved])).toEqual([
      ["Billing", 0, 1],
      ["General", 2, 0],
    ]);
    expect(afterGive.agents.find((a) => a.id === ann.userId)).toMatchObject({ load: 1, held: 1 });
  });

  it("is for supervisors and admins only", async () => {
    const agent = await t.signIn("agent");
    const refused = await call("GET", "/api/supervisor", agent.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("forbidden");
    const admin = await t.signIn("admin");
    expect((await view(admin.cookie)).queues).toEqual([]);
    expect((await t.app.inject({ method: "GET", url: "/api/supervisor" })).statusCode).toBe(401);
  });
});
