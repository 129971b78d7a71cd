/** The bus contract, run in-process always and on NATS when NATS_URL is set. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../domain/events.ts";
import type { WorkItemLiveEvent } from "../domain/views.ts";
import { type Bus, createBus } from "./index.ts";

const variants = [{ name: "memory", natsUrl: undefined as string | undefined }];
if (process.env.NATS_URL) variants.push({ name: "nats", natsUrl: process.env.NATS_URL });

function eventFor(workspaceId: string, id: string): WorkItemLiveEvent {
  return { type: "work_item.created", workspaceId, workItem: { id } as WorkItemLiveEvent["workItem"] };
}

async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for the bus");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(variants)("bus on $name", ({ natsUrl }) => {
  let bus: Bus;
  beforeAll(async () => {
    bus = await createBus({ natsUrl });
  });
  afterAll(async () => {
    await bus.close();
  });

  it("delivers a workspace's events only to that workspace's subscribers", async () => {
    const ws = `ws-${Math.random().toString(36).slice(2)}`;
    const got: string[] = [];
    const other: string[] = [];
    const stop = bus.subscribe(ws, (e) => "workItem" in e && got.push(e.workItem.id));
    const stopOther = bus.subscribe(`${ws}-other`, (e) => "workItem" in e && other.push(e.workItem.id));
    await new Promise((r) => setTimeout(r, 50));
    await bus.publish(eventFor(ws, "a"));
    await bus.publish(eventFor(ws, "b"));
    await until(() => got.length === 2);
    expect(got).toEqual(["a", "b"]);
    expect(other).toEqual([]);
    stop();
    stopOther();
  });

  it("delivers domain events to every listener, and to no workspace's subscribers", async () => {
    const ws = `ws-${Math.random().toString(36).slice(2)}`;
    const heard: DomainEvent[] = [];
    const live: unknown[] = [];
    const stop = bus.onEvent((e) => heard.push(e));
    const stopLive = bus.subscribe(ws, (e) => live.push(e));
    await new Promise((r) => setTimeout(r, 50));
    const event: DomainEvent = {
      id: randomUUID(),
      seq: 1,
      at: new Date(),
      type: "campaign.changed",
      workspaceId: ws,
      data: { campaignId: "c1", change: "created" },
    };
    await bus.deliver([event]);
    await until(() => heard.some((e) => e.id === event.id));
    const got = heard.find((e) => e.id === event.id)!;
    expect(got.type).toBe("campaign.changed");
    expect(got.at).toBeInstanceOf(Date);
    expect(got.data).toEqual({ campaignId: "c1", change: "created" });
    expect(live).toEqual([]);
    stop();
    stopLive();
  });

  it("stops delivering after unsubscribe", async () => {
    const ws = `ws-${Math.random().toString(36).slice(2)}`;
    const got: string[] = [];
    const stop = bus.subscribe(ws, (e) => "workItem" in e && got.push(e.workItem.id));
    await new Promise((r) => setTimeout(r, 50));
    await bus.publish(eventFor(ws, "first"));
    await until(() => got.length === 1);
    stop();
    await bus.publish(eventFor(ws, "second"));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(["first"]);
  });
});

describe("the in-process bus", () => {
  it("knows whether anyone listens to a workspace", async () => {
    const bus = await createBus({});
    expect(bus.mayHaveSubscribers("ws")).toBe(false);
    const stop = bus.subscribe("ws", () => undefined);
    expect(bus.mayHaveSubscribers("ws")).toBe(true);
    stop();
    expect(bus.mayHaveSubscribers("ws")).toBe(false);
    await bus.close();
  });
});

describe.runIf(process.env.NATS_URL)("durable consumers on JetStream", () => {
  it("gives a consumer that died before acknowledging its events again, and each event once per name", async () => {
    const { createNatsBus, durableConsumer } = await import("./nats.ts");
    const url = process.env.NATS_URL!;
    const bus = await createNatsBus(url);
    const name = `test-${randomUUID().slice(0, 8)}`;
    const event = (n: number): DomainEvent => ({
      id: randomUUID(),
      seq: n,
      at: new Date(),
      type: "models.changed",
      workspaceId: `ws-${name}`,
      data: { reason: `r${n}` },
    });
    // The first consumer takes the first event and dies before acknowledging it.
    const taken: string[] = [];
    let hang!: () => void;
    const gate = new Promise<void>((resolve) => {
      hang = resolve;
    });
    const first = await durableConsumer(
      url,
      name,
      async (e) => {
        taken.push(e.id);
        await gate;
        throw new Error("died");
      },
      { ackWaitMs: 1000 },
    );
    const sent = [event(1), event(2)];
    await bus.deliver(sent);
    await until(() => taken.length === 1, 5000);
    const stopping = first.stop().catch(() => undefined);
    hang();
    await stopping;
    // The same consumer name, in another process, gets every event, the unacknowledged one again.
    const handled: string[] = [];
    const second = await durableConsumer(url, name, async (e) => {
      handled.push(e.id);
    });
    await until(() => sent.every((e) => handled.includes(e.id)), 10_000);
    // Delivered twice (the stream drops a re-sent id): still once each.
    await bus.deliver([sent[0]!]);
    await new Promise((r) => setTimeout(r, 300));
    expect(handled.filter((id) => id === sent[0]!.id)).toHaveLength(1);
    expect(handled.filter((id) => id === sent[1]!.id)).toHaveLength(1);
    await second.stop();
    await bus.close();
  }, 30_000);
});
