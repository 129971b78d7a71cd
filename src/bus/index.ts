/**
 * The message bus carries events between roles (ingest → web's live updates). In-process by
 * default; NATS JetStream when NATS_URL is set. Chosen once, here.
 */
import { EventEmitter } from "node:events";
import type { LiveEvent } from "../domain/views.ts";

export interface Bus {
  readonly kind: "memory" | "nats";
  publish(event: LiveEvent): Promise<void>;
  /** Calls `handler` for every event of the workspace until the returned function is called. */
  subscribe(workspaceId: string, handler: (event: LiveEvent) => void): () => void;
  /** False only when no process can be listening to the workspace, so events need not be built. */
  mayHaveSubscribers(workspaceId: string): boolean;
  close(): Promise<void>;
}

export function createMemoryBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: "memory",
    async publish(event) {
      emitter.emit(event.workspaceId, event);
    },
    subscribe(workspaceId, handler) {
      emitter.on(workspaceId, handler);
      return () => emitter.off(workspaceId, handler);
    },
    mayHaveSubscribers: (workspaceId) => emitter.listenerCount(workspaceId) > 0,
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
