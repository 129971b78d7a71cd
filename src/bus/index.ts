/**
 * The message bus carries events between roles (ingest → web's live updates, domain events to
 * every process). In-process by default; NATS (JetStream for the domain events) when NATS_URL is
 * set. Chosen once, here.
 */
import { EventEmitter } from "node:events";
import type { Bus } from "./bus.ts";

export type { Bus } from "./bus.ts";

// Not a workspace id, so no workspace's subscribers hear it.
const EVENTS = "domain.events";

export function createMemoryBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: "memory",
    durable: false,
    async publish(event) {
      emitter.emit(event.workspaceId, event);
    },
    subscribe(workspaceId, handler) {
      emitter.on(workspaceId, handler);
      return () => emitter.off(workspaceId, handler);
    },
    mayHaveSubscribers: (workspaceId) => emitter.listenerCount(workspaceId) > 0,
    async deliver(events) {
      for (const event of events) emitter.emit(EVENTS, event);
    },
    onEvent(handler) {
      emitter.on(EVENTS, handler);
      return () => emitter.off(EVENTS, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function createBus(options: { natsUrl?: string }): Promise<Bus> {
  if (options.natsUrl) {
    const { createNatsBus } = await import("./nats.ts");
    return createNatsBus(options.natsUrl);
  }
  return createMemoryBus();
}
