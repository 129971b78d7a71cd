/**
 * The outbox relay: hands committed domain events to the bus. Events are written in the
 * transaction of their change (`store.events.append`); the relay picks up the ones not yet relayed
 * (by their flag, not by position, so an event committed late is never skipped), runs the
 * triggers that must happen exactly once per event (jobs started by an event are enqueued under
 * the event's id) in the same transaction that marks them, and delivers them to every process.
 *
 * It wakes when this process commits events, and looks every `pollMs` for events other processes
 * (or one that died) left behind. On PostgreSQL several relays share the work: each takes rows the
 * others do not hold.
 */
import type { Clock } from "../domain/clock.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { Store } from "../store/index.ts";
import type { Bus } from "./bus.ts";

/** Runs inside the relay's transaction for each batch of events: exactly once per event. */
export type Trigger = (tx: Store, events: readonly DomainEvent[]) => Promise<void>;

export interface OutboxRelay {
  /** Relays what is waiting now; resolves when nothing is. */
  flush(): Promise<void>;
  addTrigger(trigger: Trigger): void;
  /** Calls `listener` after each batch is relayed (a worker wakes for the jobs it started). */
  onRelayed(listener: () => void): () => void;
  close(): Promise<void>;
}

const BATCH = 500;

export function startOutboxRelay(
  store: Store,
  bus: Bus,
  options: { clock: Clock; pollMs?: number; onError?: (err: unknown) => void },
): OutboxRelay {
  const triggers: Trigger[] = [];
  const relayed = new Set<() => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  async function relayOnce(): Promise<number> {
    let delivered: DomainEvent[] = [];
    const count = await store.transaction(async (tx) => {
      const events = await tx.events.unrelayed(BATCH);
      if (events.length === 0) return 0;
      for (const trigger of triggers) await trigger(tx, events);
      // A durable bus must hold them before they count as relayed; otherwise they are handed
      // over after the commit, outside the transaction.
      if (bus.durable) await bus.deliver(events);
      else delivered = events;
      await tx.events.markRelayed(
        events.map((e) => e.seq),
        new Date(options.clock.now()),
      );
      return events.length;
    });
    if (delivered.length > 0) await bus.deliver(delivered);
    if (count > 0) for (const listener of relayed) listener();
    return count;
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      while (!closed && (await relayOnce()) === BATCH) {
        // a full batch: more may be waiting
      }
    } while (again && !closed);
  }

  function wake(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((err) => options.onError?.(err))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const stopListening = store.onEventsCommitted(() => void wake());
  const timer = setInterval(() => void wake(), options.pollMs ?? 1000);
  timer.unref();

  return {
    async flush() {
      await wake();
      if (running) await running;
    },
    addTrigger(trigger) {
      triggers.push(trigger);
    },
    onRelayed(listener) {
      relayed.add(listener);
      return () => relayed.delete(listener);
    },
    async close() {
      clearInterval(timer);
      stopListening();
      if (running) await running;
      closed = true;
    },
  };
}
