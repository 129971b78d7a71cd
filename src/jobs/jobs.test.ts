/**
 * The jobs, timers and outbox contract, on SQLite always and on PostgreSQL with DATABASE_URL.
 * Time is a ManualClock: tests move it instead of sleeping.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backends, openMigrated } from "../../test/support/databases.ts";
import { createMemoryBus } from "../bus/index.ts";
import { startOutboxRelay } from "../bus/outbox.ts";
import { ManualClock } from "../domain/clock.ts";
import { type DomainEvent, newEvent } from "../domain/events.ts";
import { createStore, type Database, type Store } from "../store/index.ts";
import { eventPayloads, forEachEvent, type JobDefinition, PermanentJobError } from "./definition.ts";
import { eventTrigger, startScheduler, startWorker } from "./runner.ts";

describe.each(backends())("jobs and timers on $name", (backend) => {
  let database: Database;
  let store: Store;
  let clock: ManualClock;
  let workspaceId: string;

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    clock = new ManualClock();
    workspaceId = (await store.workspaces.create({ name: "Jobs", brandHandles: [], brandNames: [] })).id;
  });
  afterEach(async () => {
    await database.close();
  });

  const at = (ms = 0) => new Date(clock.now() + ms);

  it("keeps one job per name and key", async () => {
    expect(await store.jobs.enqueue({ name: "a", key: "k", runAt: at() })).toBe(true);
    expect(await store.jobs.enqueue({ name: "a", key: "k", runAt: at() })).toBe(false);
    expect(await store.jobs.enqueue({ name: "b", key: "k", runAt: at() })).toBe(true);
    const claimed = await store.transaction((tx) => tx.jobs.claim("w", ["a", "b"], at(), () => 1000, 10));
    expect(claimed.map((j) => j.name).sort()).toEqual(["a", "b"]);
  });

  it("runs a timer when its due time comes, not before; moves and cancels it", async () => {
    const ran: string[] = [];
    const timer: JobDefinition = {
      name: "timer",
      trigger: { due: true },
      async run(job) {
        ran.push(job.key);
      },
    };
    const worker = startWorker({ store, clock, definitions: [timer], pollMs: 0 });
    await store.jobs.schedule({ name: "timer", key: "t1", runAt: at(60_000) });
    await store.jobs.schedule({ name: "timer", key: "t2", runAt: at(60_000) });
    expect(await worker.tick()).toBe(0);
    // Moved later, and the other one cancelled.
    await store.jobs.schedule({ name: "timer", key: "t1", runAt: at(120_000) });
    expect(await store.jobs.cancel("timer", "t2")).toBe(true);
    clock.advance(61_000);
    expect(await worker.tick()).toBe(0);
    clock.advance(60_000);
    expect(await worker.tick()).toBe(1);
    expect(ran).toEqual(["t1"]);
    expect((await store.jobs.get("timer", "t1"))?.state).toBe("done");
    await worker.stop();
  });

  it("retries with growing waits, then gives up into the dead letters; a dead job can be retried", async () => {
    let fail = true;
    let runs = 0;
    const flaky: JobDefinition = {
      name: "flaky",
      trigger: { due: true },
      retries: { max: 3, baseMs: 1000, maxMs: 60_000 },
      async run() {
        runs += 1;
        if (fail) throw new Error("peer said no");
      },
    };
    // Jitter fixed at its top, so the waits are exactly 1 s then 2 s.
    const worker = startWorker({ store, clock, definitions: [flaky], pollMs: 0, random: () => 1 });
    await store.jobs.enqueue({ name: "flaky", key: "x", workspaceId, payload: { n: 1 }, runAt: at() });
    expect(await worker.tick()).toBe(1);
    clock.advance(999);
    expect(await worker.tick()).toBe(0);
    clock.advance(1);
    expect(await worker.tick()).toBe(1);
    clock.advance(1999);
    expect(await worker.tick()).toBe(0);
    clock.advance(1);
    expect(await worker.tick()).toBe(1);
    expect(runs).toBe(3);
    const job = await store.jobs.get("flaky", "x");
    expect(job?.state).toBe("dead");
    const [letter] = await store.jobs.deadLetters({ workspaceId, limit: 10 });
    expect(letter).toMatchObject({
      origin: "job",
      name: "flaky",
      code: "retries_exhausted",
      reason: "peer said no",
      attempts: 3,
    });
    expect(JSON.parse(letter!.payload)).toEqual({ n: 1 });

    fail = false;
    expect(await store.jobs.retryDead(letter!.id, at())).toBe(true);
    expect(await store.jobs.retryDead(letter!.id, at())).toBe(false);
    expect(await worker.tick()).toBe(1);
    expect((await store.jobs.get("flaky", "x"))?.state).toBe("done");
    await worker.stop();
  });

  it("sends a job that cannot succeed to the dead letters at once", async () => {
    const doomed: JobDefinition = {
      name: "doomed",
      trigger: { due: true },
      async run() {
        throw new PermanentJobError("invalid_payload", "the payload names no work item");
      },
    };
    const worker = startWorker({ store, clock, definitions: [doomed], pollMs: 0 });
    await store.jobs.enqueue({ name: "doomed", key: "d", runAt: at() });
    await worker.tick();
    expect((await store.jobs.get("doomed", "d"))?.state).toBe("dead");
    const [letter] = await store.jobs.deadLetters({ limit: 10 });
    expect(letter).toMatchObject({ code: "invalid_payload", attempts: 1 });
  });

  it("gives a job whose worker died to another once its lock runs out; the dead one cannot complete it", async () => {
    let runs = 0;
    const slow: JobDefinition = {
      name: "slow",
      trigger: { due: true },
      lockMs: 30_000,
      async run() {
        runs += 1;
      },
    };
    await store.jobs.enqueue({ name: "slow", key: "s", runAt: at() });
    // The first worker claims it and dies before finishing.
    const [held] = await store.transaction((tx) =>
      tx.jobs.claim("dead-worker", ["slow"], at(), () => 30_000, 1),
    );
    expect(held).toBeDefined();
    const worker = startWorker({ store, clock, definitions: [slow], pollMs: 0 });
    expect(await worker.tick()).toBe(0);
    clock.advance(30_001);
    expect(await worker.tick()).toBe(1);
    expect(runs).toBe(1);
    expect(await store.jobs.complete(held!.id, "dead-worker", at())).toBe(false);
    expect((await store.jobs.get("slow", "s"))?.attempts).toBe(2);
  });

  it("holds each claimed job for its own lock, so a long job's lock does not delay a short one's takeover", async () => {
    const quick: JobDefinition = { name: "quick", trigger: { due: true }, lockMs: 2000, async run() {} };
    const long: JobDefinition = { name: "long", trigger: { due: true }, lockMs: 600_000, async run() {} };
    await store.jobs.enqueue({ name: "quick", key: "q", runAt: at() });
    await store.jobs.enqueue({ name: "long", key: "l", runAt: at() });
    // A worker knowing both claims both, each for its own lock, and dies holding them.
    const lockOf = (name: string) => (name === "quick" ? 2000 : 600_000);
    const held = await store.transaction((tx) =>
      tx.jobs.claim("dead-worker", ["quick", "long"], at(), lockOf, 10),
    );
    expect(held).toHaveLength(2);
    clock.advance(2001);
    const other = startWorker({ store, clock, definitions: [quick, long], pollMs: 0 });
    // The quick one is taken over now; the long one stays with its holder until its own lock runs out.
    expect(await other.tick()).toBe(1);
    expect((await store.jobs.get("quick", "q"))?.state).toBe("done");
    expect((await store.jobs.get("long", "l"))?.state).toBe("running");
  });

  it("runs each job once however many workers claim at the same time", async () => {
    const runs = new Map<string, number>();
    const count: JobDefinition = {
      name: "count",
      trigger: { due: true },
      async run(job) {
        runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    for (let i = 0; i < 60; i++) await store.jobs.enqueue({ name: "count", key: `k${i}`, runAt: at() });
    const workers = [0, 1, 2].map(() =>
      startWorker({ store, clock, definitions: [count], pollMs: 0, concurrency: 7 }),
    );
    for (let round = 0; round < 10; round++) await Promise.all(workers.map((w) => w.tick()));
    expect(runs.size).toBe(60);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it("enqueues a periodic job once per period however many schedulers run", async () => {
    const periodic: JobDefinition = { name: "tidy", trigger: { everyMs: 60_000 }, async run() {} };
    const a = startScheduler({ store, clock, definitions: [periodic], pollMs: 0 });
    const b = startScheduler({ store, clock, definitions: [periodic], pollMs: 0 });
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    clock.advance(60_000);
    await Promise.all([a.tick(), b.tick()]);
    const worker = startWorker({ store, clock, definitions: [periodic], pollMs: 0 });
    expect(await worker.tick()).toBe(2);
    expect(await worker.tick()).toBe(0);
  });
});

describe.each(backends())("the outbox on $name", (backend) => {
  let database: Database;
  let store: Store;
  let workspaceId: string;
  const clock = new ManualClock();

  beforeEach(async () => {
    database = await openMigrated(backend);
    store = createStore(database);
    workspaceId = (await store.workspaces.create({ name: "Outbox", brandHandles: [], brandNames: [] })).id;
  });
  afterEach(async () => {
    await database.close();
  });

  it("sets many timers at once: new ones made, queued ones moved, a running one left alone", async () => {
    const at = (ms = 0) => new Date(clock.now() + ms);
    await store.jobs.schedule({
      name: "timer",
      key: "queued",
      workspaceId,
      payload: { v: 1 },
      runAt: at(60_000),
    });
    await store.jobs.schedule({ name: "timer", key: "running", workspaceId, payload: { v: 1 }, runAt: at() });
    const [running] = await store.transaction((tx) => tx.jobs.claim("w", ["timer"], at(), () => 60_000, 1));
    expect(running?.key).toBe("running");
    await store.transaction((tx) =>
      tx.jobs.scheduleMany(
        ["new", "queued", "running"].map((key) => ({
          name: "timer",
          key,
          workspaceId,
          payload: { v: 2, key },
          runAt: at(5_000),
        })),
      ),
    );
    clock.advance(5_000);
    const due = await store.transaction((tx) => tx.jobs.claim("w2", ["timer"], at(), () => 60_000, 10));
    // The running one is still held by its worker; the other two are due with their new payload.
    expect(due.map((j) => [j.key, j.payload, j.workspaceId]).sort()).toEqual([
      ["new", { v: 2, key: "new" }, workspaceId],
      ["queued", { v: 2, key: "queued" }, workspaceId],
    ]);
  });

  it("numbers appended events in the order given, in and out of a transaction", async () => {
    const list = Array.from({ length: 120 }, (_, i) =>
      newEvent("work_item.offer_withdrawn", workspaceId, {
        workItemId: `item-${i}`,
        agentUserId: "agent",
        reason: "expired",
      }),
    );
    const inside = await store.transaction((tx) => tx.events.append(list));
    const outside = await store.events.append(list.slice(0, 3));
    const seqs = [...inside, ...outside].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(123);
    const stored = await store.events.after(inside[0]!.seq - 1, { limit: 200, workspaceId });
    expect(stored.map((e) => e.id)).toEqual([...inside, ...outside].map((e) => e.id));
    expect(stored.map((e) => (e.data as { workItemId: string }).workItemId).slice(0, 3)).toEqual([
      "item-0",
      "item-1",
      "item-2",
    ]);
  });

  it("relays committed events once, in order, and none of a transaction that rolled back", async () => {
    const bus = createMemoryBus();
    const heard: DomainEvent[] = [];
    bus.onEvent((e) => heard.push(e));
    const relay = startOutboxRelay(store, bus, { clock, pollMs: 60_000 });
    await store.transaction(async (tx) => {
      await tx.events.append([
        newEvent("campaign.changed", workspaceId, { campaignId: "c1", change: "created" }),
        newEvent("models.changed", workspaceId, { reason: "correction" }),
      ]);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.events.append([newEvent("workspace.changed", workspaceId, {})]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await relay.flush();
    await relay.flush();
    expect(heard.map((e) => e.type)).toEqual(["campaign.changed", "models.changed"]);
    expect(heard[0]!.seq).toBeLessThan(heard[1]!.seq);
    expect(heard[0]!.workspaceId).toBe(workspaceId);
    await relay.close();
    await bus.close();
  });

  it("relays after a restart what a relay that died left behind", async () => {
    const bus = createMemoryBus();
    const heard: string[] = [];
    bus.onEvent((e) => heard.push(e.type));
    // Written while no relay runs (the process died after the commit).
    await store.events.append([newEvent("workspace.changed", workspaceId, {})]);
    const relay = startOutboxRelay(store, bus, { clock, pollMs: 60_000 });
    await relay.flush();
    expect(heard).toEqual(["workspace.changed"]);
    await relay.close();
  });

  it("enqueues an event-started job once per event, even when two relays race", async () => {
    const onOpened: JobDefinition = {
      name: "on-opened",
      trigger: { event: ["work_item.opened"] },
      payload: (e) => ({ workItemId: (e.data as { workItemId: string }).workItemId }),
      async run() {},
    };
    const bus = createMemoryBus();
    const relays = [0, 1].map(() => {
      const relay = startOutboxRelay(store, bus, { clock, pollMs: 60_000 });
      relay.addTrigger(eventTrigger([onOpened], clock));
      return relay;
    });
    const ids = ["a", "b", "c"].map((k) => `00000000-0000-4000-8000-00000000000${k}`);
    await store.transaction(async (tx) => {
      await tx.events.append([
        ...ids.map((workItemId) => newEvent("work_item.opened", workspaceId, { workItemId })),
        newEvent("models.changed", workspaceId, { reason: "x" }),
      ]);
    });
    await Promise.all(relays.map((r) => r.flush()));
    const worker = startWorker({ store, clock, definitions: [onOpened], pollMs: 0, concurrency: 10 });
    const seen: string[] = [];
    const claimed = await store.transaction((tx) =>
      tx.jobs.claim(worker.id, ["on-opened"], new Date(clock.now()), () => 1000, 10),
    );
    for (const job of claimed) seen.push(job.payload.workItemId as string);
    expect(seen.sort()).toEqual(ids);
    for (const relay of relays) await relay.close();
  });

  it("enqueues one job a relay round and workspace for a batch definition, which runs every event and then fails for the one that did", async () => {
    const done: string[] = [];
    const onOpened: JobDefinition = {
      name: "on-opened-batch",
      trigger: { event: ["work_item.opened"], batch: true },
      payload: (e) => ({ workItemId: (e.data as { workItemId: string }).workItemId }),
      run: (job) =>
        forEachEvent(job, async (p) => {
          if (p.workItemId === "b" && done.filter((d) => d === "b-failed").length === 0) {
            done.push("b-failed");
            throw new Error("b failed once");
          }
          done.push(p.workItemId as string);
        }),
    };
    const other = (await store.workspaces.create({ name: "Other", brandHandles: [], brandNames: [] })).id;
    const bus = createMemoryBus();
    const relay = startOutboxRelay(store, bus, { clock, pollMs: 60_000 });
    relay.addTrigger(eventTrigger([onOpened], clock));
    await store.events.append([
      newEvent("work_item.opened", workspaceId, { workItemId: "a" }),
      newEvent("models.changed", workspaceId, { reason: "x" }),
      newEvent("work_item.opened", workspaceId, { workItemId: "b" }),
      newEvent("work_item.opened", other, { workItemId: "c" }),
      newEvent("work_item.opened", workspaceId, { workItemId: "d" }),
    ]);
    await relay.flush();
    await relay.close();
    const worker = startWorker({ store, clock, definitions: [onOpened], pollMs: 0, random: () => 0 });
    // Two jobs: one a workspace, with that workspace's events in their order.
    expect(await worker.tick()).toBe(2);
    expect(done.sort()).toEqual(["a", "b-failed", "c", "d"]);
    // The failed one is retried after its backoff, the whole batch again (its work is idempotent).
    clock.advance(60_000);
    expect(await worker.tick()).toBe(1);
    expect(done.filter((d) => d === "b")).toEqual(["b"]);
    expect(await worker.tick()).toBe(0);
  });

  it("reads a job of one event as a batch of one", () => {
    const job = { payload: { workItemId: "x" } } as unknown as Parameters<typeof eventPayloads>[0];
    expect(eventPayloads(job)).toEqual([{ workItemId: "x" }]);
    const batch = { payload: { workspaceId: "w", events: [{ a: 1 }, 2, { b: 2 }] } } as unknown as Parameters<
      typeof eventPayloads
    >[0];
    expect(eventPayloads(batch)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
