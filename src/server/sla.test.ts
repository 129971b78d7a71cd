/** SLA calendars, policies, item clocks and the report through the HTTP API, with the jobs run by a worker. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";

const MIN = 60_000;

describe.each(appBackends)("SLAs over HTTP on $name", ({ postgres }) => {
  let t: TestApp;
  let worker: JobWorker;
  // Events are stamped by the database's clock: the manual one starts at the real time.
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

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  const settle = () => settleJobs(t.core.relay, worker);

  it("gives a new item its policy's clock, breaches it on its timer, sorts it first and reports it", async () => {
    const boss = await t.signIn("supervisor");
    const agent = await t.signIn("agent");
    const calendar = await call("POST", "/api/sla/calendars", boss.cookie, {
      name: "Paris office",
      timeZone: "Europe/Paris",
      hours: [1, 2, 3, 4, 5].flatMap((day) => [
        { day, start: "09:00", end: "12:30" },
        { day, start: "13:30", end: "18:00" },
      ]),
      holidays: ["2026-12-25"],
    });
    expect(calendar.statusCode).toBe(201);
    const policy = await call("POST", "/api/sla/policies", boss.cookie, {
      name: "Public posts",
      position: 1,
      conditions: [{ field: "channel", values: ["public"] }],
      firstResponseMs: 60 * MIN,
      nextResponseMs: 30 * MIN,
      resolutionMs: 8 * 60 * MIN,
      warnBeforeMs: 10 * MIN,
      escalations: [{ when: "breached", action: "notify" }],
    });
    expect(policy.statusCode).toBe(201);
    expect((await call("GET", "/api/sla/policies", agent.cookie)).json().items).toHaveLength(1);
    expect((await call("POST", "/api/sla/policies", agent.cookie, policy.json())).statusCode).toBe(403);

    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my parcel never came" })]);
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({ text: "@lumenhelp the app is slow", channel: "private" }),
    ]);
    await settle();
    const listed = (await call("GET", "/api/work-items?state=new&sort=breach", agent.cookie)).json().items;
    expect(listed).toHaveLength(2);
    const [timed, untimed] = listed;
    expect(timed.sla).toMatchObject({
      policy: { name: "Public posts" },
      state: "on_time",
      target: "first_response",
    });
    expect(untimed.sla).toBeNull();

    clock.advance(61 * MIN);
    await settle();
    const late = (await call("GET", `/api/work-items/${timed.id}`, agent.cookie)).json();
    expect(late.sla).toMatchObject({ state: "breached", status: "running" });
    const notified = await t.core.store.events.after(0, { limit: 1000, workspaceId: t.workspaceId });
    expect(notified.some((e) => e.type === "sla.escalated" && e.data.workItemId === timed.id)).toBe(true);

    const from = new Date(clock.now() - 3 * 60 * MIN).toISOString();
    const to = new Date(Date.now() + 60 * MIN).toISOString();
    const report = (await call("GET", `/api/sla/report?from=${from}&to=${to}`, boss.cookie)).json();
    const behind = [{ workItemId: timed.id, conversationId: timed.conversationId }];
    expect(report.overall).toMatchObject({ total: 1, met: 0, metPct: 0, breached: behind });
    expect(report.policies[0]).toMatchObject({ key: policy.json().id, breached: behind });
    const backwards = await call("GET", `/api/sla/report?from=${to}&to=${from}`, boss.cookie);
    expect(backwards.json().error.code).toBe("validation_failed");

    const unused = await call("DELETE", `/api/sla/calendars/${calendar.json().id}`, boss.cookie);
    expect(unused.statusCode).toBe(204);
    const audit = await t.core.store.audit.list(t.workspaceId, { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["sla_calendar.create", "sla_policy.create", "sla_calendar.delete"]),
    );
  });

  it("refuses bad calendars and policies with clear errors and changes nothing", async () => {
    const boss = await t.signIn("supervisor");
    const badZone = await call("POST", "/api/sla/calendars", boss.cookie, {
      name: "Moon",
      timeZone: "Moon/Tranquility",
      hours: [{ day: 1, start: "09:00", end: "17:00" }],
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.code).toBe("validation_failed");
    const badHours = await call("POST", "/api/sla/calendars", boss.cookie, {
      name: "Late",
      timeZone: "UTC",
      hours: [{ day: 1, start: "25:00", end: "17:00" }],
    });
    expect(badHours.statusCode).toBe(400);
    const calendar = (
      await call("POST", "/api/sla/calendars", boss.cookie, {
        name: "UTC days",
        timeZone: "UTC",
        hours: [{ day: 1, start: "09:00", end: "17:00" }],
      })
    ).json();
    const noTarget = await call("POST", "/api/sla/policies", boss.cookie, {
      name: "Nothing",
      position: 1,
      firstResponseMs: null,
      nextResponseMs: null,
      resolutionMs: null,
    });
    expect(noTarget.json().error.code).toBe("validation_failed");
    const used = await call("POST", "/api/sla/policies", boss.cookie, {
      name: "Weekdays",
      position: 1,
      firstResponseMs: 60 * MIN,
      nextResponseMs: null,
      resolutionMs: null,
      calendarId: calendar.id,
    });
    expect(used.statusCode).toBe(201);
    const refused = await call("DELETE", `/api/sla/calendars/${calendar.id}`, boss.cookie);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("sla_calendar_in_use");
    expect((await call("GET", "/api/sla/calendars", boss.cookie)).json().items).toHaveLength(1);
    expect(
      (await call("GET", "/api/work-items?sort=breach&cursor=nonsense", boss.cookie)).json().error.code,
    ).toBe("invalid_cursor");
  });
});
