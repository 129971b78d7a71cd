/** What every bus is: live events per workspace, and configuration changes for every process. */
import type { LiveEvent, WorkspaceChanged } from "../domain/views.ts";

export interface Bus {
  readonly kind: "memory" | "nats";
  publish(event: LiveEvent): Promise<void>;
  /** Calls `handler` for every event of the workspace until the returned function is called. */
  subscribe(workspaceId: string, handler: (event: LiveEvent) => void): () => void;
  /** False only when no process can be listening to the workspace, so events need not be built. */
  mayHaveSubscribers(workspaceId: string): boolean;
  /** Tells every process, this one included, that a workspace's configuration changed. */
  announceChange(event: WorkspaceChanged): Promise<void>;
  /** Calls `handler` for every change announced by any process. */
  onChange(handler: (event: WorkspaceChanged) => void): () => void;
  close(): Promise<void>;
}
