/**
 * The bus on NATS. Live events are fan-out notifications to every web process, so they use core
 * NATS subjects per workspace; the screens re-read the store on reconnect. Domain events from the
 * outbox go into a JetStream stream (durable, deduplicated by event id), and every process hears
 * them on the stream's subjects; durable consumers (`durableConsumer`) read the stream with acks,
 * so one that dies gets its events again.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { DomainEvent } from "../domain/events.ts";
import type { LiveEvent } from "../domain/views.ts";
import type { Bus } from "./bus.ts";

const subject = (workspaceId: string) => `parley.live.${workspaceId}`;
export const EVENT_STREAM = "PARLEY_EVENTS";
const EVENT_SUBJECTS = "parley.events.>";
const eventSubject = (event: DomainEvent) => `parley.events.${event.type}`;
const DAY_NS = 24 * 60 * 60 * 1e9;

export async function ensureEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: EVENT_STREAM,
    subjects: [EVENT_SUBJECTS],
    max_age: 7 * DAY_NS,
    duplicate_window: 2 * 60 * 1e9,
  };
  try {
    await jsm.streams.info(EVENT_STREAM);
    await jsm.streams.update(EVENT_STREAM, config);
  } catch {
    await jsm.streams.add(config);
  }
}

export async function createNatsBus(url: string): Promise<Bus> {
  const nc = await connect({ servers: url, name: "parley" });
  await ensureEventStream(nc);
  const js = jetstream(nc);
  const encoder = new TextEncoder();
  return {
    kind: "nats",
    durable: true,
    async publish(event) {
      nc.publish(subject(event.workspaceId), encoder.encode(JSON.stringify(event)));
    },
    subscribe(workspaceId, handler) {
      const sub = nc.subscribe(subject(workspaceId), {
        callback: (err, msg) => {
          if (!err) handler(msg.json<LiveEvent>());
        },
      });
      return () => sub.unsubscribe();
    },
    // Web processes elsewhere may be listening: always publish.
    mayHaveSubscribers: () => true,
    async deliver(events) {
      // Published together, acknowledged together: the stream drops a re-sent id in its window.
      await Promise.all(
        events.map((event) =>
          js.publish(eventSubject(event), encoder.encode(JSON.stringify(event)), { msgID: event.id }),
        ),
      );
    },
    onEvent(handler) {
      const sub = nc.subscribe(EVENT_SUBJECTS, {
        callback: (err, msg) => {
          if (!err) handler(reviveEvent(msg.json<DomainEvent>()));
        },
      });
      return () => sub.unsubscribe();
    },
    async close() {
      await nc.drain();
    },
  };
}

function reviveEvent(event: DomainEvent): DomainEvent {
  return { ...event, at: new Date(event.at) };
}

export interface DurableConsumer {
  stop(): Promise<void>;
}

/**
 * Reads the event stream as the durable consumer `name`: every event once per consumer name,
 * however many processes run it; an event is acknowledged after `handler` resolves, and one not
 * acknowledged (the process died, the handler threw) comes again after `ackWaitMs`. Handlers must
 * be idempotent by event id.
 */
export async function durableConsumer(
  url: string,
  name: string,
  handler: (event: DomainEvent) => Promise<void>,
  options: { ackWaitMs?: number } = {},
): Promise<DurableConsumer> {
  const nc = await connect({ servers: url, name: `parley-consumer-${name}` });
  await ensureEventStream(nc);
  const jsm = await jetstreamManager(nc);
  const durable = `parley-${name}`;
  try {
    await jsm.consumers.info(EVENT_STREAM, durable);
  } catch {
    await jsm.consumers.add(EVENT_STREAM, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      ack_wait: (options.ackWaitMs ?? 30_000) * 1e6,
      max_deliver: -1,
    });
  }
  const consumer = await jetstream(nc).consumers.get(EVENT_STREAM, durable);
  const messages = await consumer.consume({ max_messages: 100 });
  const done = (async () => {
    for await (const message of messages) {
      try {
        await handler(reviveEvent(message.json<DomainEvent>()));
        message.ack();
      } catch {
        message.nak(1000);
      }
    }
  })();
  return {
    async stop() {
      await messages.close();
      await done.catch(() => undefined);
      await nc.drain();
    },
  };
}
