/**
 * The bus on NATS. Live events are fan-out notifications to every web process, so they use core
 * NATS subjects per workspace; durability lives in the store, which the web app re-reads on
 * reconnect. Configuration changes go to every process on one subject, so each drops its caches.
 */
import { connect } from "@nats-io/transport-node";
import type { LiveEvent, WorkspaceChanged } from "../domain/views.ts";
import type { Bus } from "./bus.ts";

const subject = (workspaceId: string) => `parley.live.${workspaceId}`;
const CHANGES = "parley.changes";

export async function createNatsBus(url: string): Promise<Bus> {
  const nc = await connect({ servers: url, name: "parley" });
  const encoder = new TextEncoder();
  return {
    kind: "nats",
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
    async announceChange(event) {
      nc.publish(CHANGES, encoder.encode(JSON.stringify(event)));
    },
    onChange(handler) {
      const sub = nc.subscribe(CHANGES, {
        callback: (err, msg) => {
          if (!err) handler(msg.json<WorkspaceChanged>());
        },
      });
      return () => sub.unsubscribe();
    },
    async close() {
      await nc.drain();
    },
  };
}
