/** What every bus is: live events per workspace, and the domain events for every process. */
import type { DomainEvent } from "../domain/events.ts";
import type { LiveEvent } from "../domain/views.ts";

export interface Bus {
  readonly kind: "memory" | "nats";
  /**
   * True when `deliver` stores the events durably (NATS JetStream), so the outbox relay marks them
   * relayed only once the stream has acknowledged them.
   */
  readonly durable: boolean;
  publish(event: LiveEvent): Promise<void>;
  /** Calls `handler` for every event of the workspace until the returned function is called. */
  subscribe(workspaceId: string, handler: (event: LiveEvent) => void): () => void;
  /** False only when no process can be listening to the workspace, so events need not be built. */
  mayHaveSubscribers(workspaceId: string): boolean;
  /**
   * Hands committed domain events (from the outbox) to every process, this one included: on NATS
   * they go into the durable stream, which every process also hears.
   */
  deliver(events: readonly DomainEvent[]): Promise<void>;
  /** Calls `handler` for every domain event delivered by any process. */
  onEvent(handler: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}
