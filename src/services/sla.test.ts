/** SLA clocks against the store, on every backend: facts from events, timers, escalations, order, report. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { makeAnalysis, makePost } from "../../test/support/factories.ts";
import { createMemoryBus } from "../bus/index.ts";
import { ManualClock } from "../domain/clock.ts";
import { newEvent } from "../domain/events.ts";
import type { Role } from "../domain/views.ts";
import { slaJobs } from "../jobs/sla.ts";
import { ingestEvents } from "../pipeline/pipeline.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import type { PolicyInput } from "../store/sla.ts";
import type { Principal } from "./auth.ts";
import { settleHandedOffItem } from "./handoffs.ts";
import { routingEngine } from "./routing.ts";
import { routingAdminService } from "./routingAdmin.ts";
import { SLA_JOBS, type SlaEngine, slaEngine } from "./sla.ts";
import { slaAdminService } from "./slaAdmin.ts";
import { workItemService } from "./workItems.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

const policy = (overrides: Partial<PolicyInput>): PolicyInput => ({
  name: "Standard",
  position: 10,
  enabled: true,
  conditions: [],
  firstResponseMs: HOUR,
  nextResponseMs: 30 * MIN,
  resolutionMs: 8 * HOUR,
  warnBeforeMs: 10 * MIN,
  calendarId: null,
  escalations: [],
  ...overrides,
});

describe.each(backends())("SLA clocks on $name", (backend) => {
  let database: Database;
  let store: Store;
  let engine: SlaEngine;
  let admin: ReturnType<typeof slaAdminService>;
  let routingAdmin: ReturnType<typeof routingAdminService>;
  let items: ReturnType<typeof workItemService>;
  let track: ReturnType<typeof slaJobs>[number];
  const clock = new ManualClock(Date.now());
  let workspace: Principal["workspace"];
  let boss: Principal;
  let seen = 0;
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

  async function post(
    text: string,
    options: { replyTo?: string; brand?: boolean; platform?: "x" | "mastodon"; at?: Date } = {},
  ) {
    const base = makePost({
      text,
      platform: options.platform ?? "x",
      ...(options.at ? { createdAt: options.at } : {}),
    });
    // Stored with the events the pipeline writes in the batch's transaction.
    const result = await store.transaction(async (tx) => {
      const stored = await tx.ingest(workspace.id, [
        {
          post: {
            ...base,
            replyToPlatformId: options.replyTo,
            author: options.brand
              ? { platform: base.platform, platformId: "brand", handle: "lumenhelp", isBrand: true }
              : base.author,
          },
          analysis: makeAnalysis(),
          campaignIds: [],
        },
      ]);
      await tx.events.append(ingestEvents(workspace.id, stored));
      return stored;
    });
    return { platformId: base.platformId, workItemId: result.workItems[0]?.id ?? null };
  }

  /** Runs the tracking job for every event written since the last call, as the relay would. */
  async function drain() {
    for (const event of await store.events.after(seen, { limit: 1000, workspaceId: workspace.id })) {
      seen = event.seq;
      const payload = track.payload!(event);
      if (!payload) continue;
      await track.run(
        {
          id: event.id,
          name: track.name,
          key: event.id,
          workspaceId: workspace.id,
          payload,
          attempts: 1,
          maxAttempts: 5,
          runAt: event.at,
        },
        { store, clock, signal: new AbortController().signal },
      );
    }
  }

  beforeAll(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    const bus = createMemoryBus();
    const routing = routingEngine({ store, bus, clock });
    engine = slaEngine({ store, bus, clock, requestDispatch: routing.requestDispatch });
    admin = slaAdminService(store, engine);
    routingAdmin = routingAdminService(store, routing, clock);
    items = workItemService(store, bus, undefined, {
      requestDispatch: routing.requestDispatch,
      touch: routing.touch,
      now: () => clock.now(),
    });
    track = slaJobs(engine).find((j) => j.name === "sla.track")!;
    const created = await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
    workspace = (await store.workspaces.get(created.id))!;
    boss = await person("supervisor");
    seen = await store.events.lastSeq();
  });
  afterAll(async () => {
    await database.close();
  });

  it("starts on opening, meets the first response on the brand's reply, waits on the customer, and stops on resolve", async () => {
    const standard = await admin.createPolicy(
      boss,
      policy({ name: "Mastodon", conditions: [{ field: "platform", values: ["mastodon"] }] }),
    );
    const opening = await post("@lumenhelp my card was charged twice", { platform: "mastodon" });
    await drain();
    const id = opening.workItemId!;
    let item = await items.get(boss, id);
    expect(item.sla).toMatchObject({
      policy: { id: standard.id },
      state: "on_time",
      status: "running",
      target: "first_response",
    });
    const due = Date.parse(item.sla!.dueAt!);
    const opened = (await store.sla.items(workspace.id, [id]))[0]!.openedAt.getTime();
    expect(due).toBe(opened + HOUR);
    expect((await store.jobs.get(SLA_JOBS.check, id))?.runAt.getTime()).toBe(due - 10 * MIN);

    const answer = await post("@customer sorry, refunding now", {
      replyTo: opening.platformId,
      brand: true,
      platform: "mastodon",
    });
    await drain();
    item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ status: "paused", state: "on_time", target: null, dueAt: null });
    expect(item.sla!.remainingMs).toBeGreaterThan(7 * HOUR);

    await post("@lumenhelp still not refunded", { replyTo: answer.platformId, platform: "mastodon" });
    await drain();
    item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ status: "running", target: "next_response" });

    await items.act(boss, id, "resolve");
    await drain();
    item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ status: "stopped", state: "on_time", dueAt: null });
    expect(await store.jobs.get(SLA_JOBS.check, id)).toBeNull();

    const report = await admin.report(boss, new Date(opened - HOUR), new Date(opened + HOUR));
    expect(report.policies).toEqual([
      { key: standard.id, name: "Mastodon", total: 1, met: 1, metPct: 100, breached: [] },
    ]);
    expect(report.agents[0]).toMatchObject({ key: boss.user.id, total: 1, met: 1 });
    await admin.deletePolicy(boss, standard.id);
  });

  it("pauses the clocks while the item is with the external contact center, and resumes them on return", async () => {
    const standard = await admin.createPolicy(boss, policy({ name: "Hand-offs" }));
    const opening = await post("@lumenhelp I need to change my contract owner");
    await drain();
    const id = opening.workItemId!;
    await store.transaction(async (tx) => {
      await tx.workItems.move(workspace.id, id, { state: "queued_external", assigneeId: boss.user.id });
      await tx.events.append([
        newEvent("work_item.moved", workspace.id, {
          workItemId: id,
          from: "new",
          to: "queued_external",
          actorUserId: boss.user.id,
        }),
      ]);
    });
    await drain();
    let item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ status: "paused", state: "on_time", dueAt: null });
    // Nothing is left to check while it is away.
    expect(await store.jobs.get(SLA_JOBS.check, id)).toBeNull();

    // The external center gives it back: the first response runs again with what it had left.
    const back = Date.now();
    await store.transaction((tx) => settleHandedOffItem(tx, workspace.id, id, "new", { status: "rejected" }));
    await drain();
    item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ status: "running", target: "first_response" });
    const due = Date.parse(item.sla!.dueAt!);
    expect(due).toBeGreaterThan(back + HOUR - 60_000);
    expect(due).toBeLessThanOrEqual(Date.now() + HOUR);
    expect((await store.jobs.get(SLA_JOBS.check, id))?.runAt.getTime()).toBe(due - 10 * MIN);
    await admin.deletePolicy(boss, standard.id);
  });

  it("warns, escalates once per threshold, and breaches in business hours", async () => {
    const first = await routingAdmin.createQueue(boss, {
      name: "Front",
      requiredSkills: [],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    const second = await routingAdmin.createQueue(boss, {
      name: "Escalated",
      requiredSkills: [],
      overflowQueueId: null,
      overflowAfterMs: null,
    });
    const weekdays = await admin.createCalendar(boss, {
      name: "Weekdays UTC",
      timeZone: "UTC",
      hours: [1, 2, 3, 4, 5].flatMap((day) => [
        { day, start: "09:00", end: "12:00" },
        { day, start: "13:00", end: "17:00" },
      ]),
      holidays: [],
    });
    const strict = await admin.createPolicy(
      boss,
      policy({
        name: "Front desk",
        position: 1,
        conditions: [
          { field: "queue", values: [first.id] },
          { field: "priority", min: 0, max: 80 },
        ],
        calendarId: weekdays.id,
        escalations: [
          { when: "at_risk", action: "raise_priority", amount: 10 },
          { when: "at_risk", action: "notify" },
          { when: "breached", action: "move_queue", queueId: second.id },
        ],
      }),
    );
    const { workItemId } = await post("@lumenhelp the app crashes");
    const id = workItemId!;
    await store.routing.setQueue(workspace.id, id, first.id, clock.now());
    // Opened Friday 16:30 UTC: half an hour on Friday, half an hour from Monday 09:00.
    const friday = Date.UTC(2026, 10, 6, 16, 30);
    clock.set(friday);
    await engine.record(workspace.id, id, { kind: "opened", at: friday, key: "opened" });
    let item = await items.get(boss, id);
    expect(item.sla).toMatchObject({
      policy: { id: strict.id },
      state: "on_time",
      dueAt: "2026-11-09T09:30:00.000Z",
    });
    expect((await store.jobs.get(SLA_JOBS.check, id))?.runAt.toISOString()).toBe("2026-11-09T09:20:00.000Z");

    clock.set(Date.UTC(2026, 10, 9, 9, 21));
    await engine.check(workspace.id, id);
    item = await items.get(boss, id);
    expect(item.sla?.state).toBe("at_risk");
    expect(item.priority).toBe(60);
    const events = await store.events.after(0, { limit: 1000, workspaceId: workspace.id });
    expect(events.filter((e) => e.type === "sla.escalated" && e.data.workItemId === id)).toHaveLength(1);
    // Looking again changes nothing: each threshold escalates once.
    await engine.check(workspace.id, id);
    expect((await items.get(boss, id)).priority).toBe(60);

    clock.set(Date.UTC(2026, 10, 9, 9, 31));
    await engine.check(workspace.id, id);
    item = await items.get(boss, id);
    expect(item.sla?.state).toBe("breached");
    expect(item.queue).toBe(second.id);
    const queued = (await store.events.after(0, { limit: 1000, workspaceId: workspace.id })).filter(
      (e) => e.type === "work_item.queued" && e.data.workItemId === id,
    );
    expect(queued.at(-1)?.data).toMatchObject({ reason: "escalation", queueId: second.id });

    // Out of the policy's queue, the item falls to no policy; the calendar cannot go while used.
    await expect(admin.deleteCalendar(boss, weekdays.id)).rejects.toMatchObject({
      code: "sla_calendar_in_use",
    });
    await admin.deletePolicy(boss, strict.id);
    await admin.deleteCalendar(boss, weekdays.id);
  });

  it("lists the inbox by time to breach, items without a clock last, page by page", async () => {
    const fast = await admin.createPolicy(
      boss,
      policy({ name: "Everything", position: 50, firstResponseMs: 2 * HOUR }),
    );
    const start = Date.UTC(2026, 10, 10, 9);
    clock.set(start);
    const ids: string[] = [];
    for (const offset of [30, 0, 60]) {
      const { workItemId } = await post(`@lumenhelp order ${offset} is late`);
      ids.push(workItemId!);
      await engine.record(workspace.id, workItemId!, {
        kind: "opened",
        at: start + offset * MIN,
        key: "opened",
      });
    }
    const { workItemId: bare } = await post("@lumenhelp no clock here");
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await items.list(boss, { states: ["new"], sort: "breach", limit: 2, cursor });
      listed.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const mine = listed.filter((id) => [...ids, bare].includes(id));
    expect(mine).toEqual([ids[1], ids[0], ids[2], bare]);
    await expect(items.list(boss, { sort: "breach", cursor: "bad" })).rejects.toMatchObject({
      code: "invalid_cursor",
    });
    await admin.deletePolicy(boss, fast.id);
  });

  it("gives items already open the clocks of a policy made later, counted from their creation", async () => {
    expect(await admin.listPolicies(boss)).toEqual([]);
    const { workItemId } = await post("@lumenhelp is anyone there?");
    const id = workItemId!;
    await engine.check(workspace.id, id);
    // Without a policy nothing is kept.
    expect(await store.sla.items(workspace.id, [id])).toEqual([]);
    expect((await items.get(boss, id)).sla).toBeNull();
    const later = await admin.createPolicy(boss, policy({ name: "Later", resolutionMs: null }));
    expect(await engine.refresh(workspace.id)).toBeGreaterThan(0);
    let item = await items.get(boss, id);
    expect(item.sla).toMatchObject({ policy: { id: later.id }, target: "first_response" });
    expect(Date.parse(item.sla!.dueAt!)).toBe(Date.parse(item.createdAt) + HOUR);

    // A brand reply stored while no policy existed counts as the first response once one does.
    const other = await post("@lumenhelp hello?");
    await admin.deletePolicy(boss, later.id);
    await post("@someone here to help", {
      replyTo: other.platformId,
      brand: true,
      at: new Date(Date.now() + 5 * MIN),
    });
    const again = await admin.createPolicy(boss, policy({ name: "Again", resolutionMs: null }));
    await engine.refresh(workspace.id);
    item = await items.get(boss, other.workItemId!);
    expect(item.sla).toMatchObject({ policy: { id: again.id }, status: "paused", state: "on_time" });
    await admin.deletePolicy(boss, again.id);
  });

  it("refuses bad calendars and policies, and audits every change", async () => {
    await expect(
      admin.createCalendar(boss, {
        name: "Nowhere",
        timeZone: "Mars/Base",
        hours: [{ day: 1, start: "09:00", end: "17:00" }],
        holidays: [],
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      admin.createPolicy(
        boss,
        policy({ name: "Empty", firstResponseMs: null, nextResponseMs: null, resolutionMs: null }),
      ),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await admin.createPolicy(boss, policy({ name: "Twice" }));
    await expect(admin.createPolicy(boss, policy({ name: "Twice" }))).rejects.toMatchObject({
      code: "conflict",
    });
    const audit = await store.audit.list(workspace.id, { limit: 200 });
    const actions = new Set(audit.map((a) => a.action));
    for (const action of [
      "sla_policy.create",
      "sla_policy.delete",
      "sla_calendar.create",
      "sla_calendar.delete",
    ])
      expect(actions.has(action)).toBe(true);
  });
});
