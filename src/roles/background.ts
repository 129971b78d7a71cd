/**
 * The roles that run without HTTP: `worker` (jobs and timers), `scheduler` (periodic jobs) and
 * `ingest` (the sources). Each starts here from the core, so a process runs any mix of them.
 */
import type { Role } from "../config.ts";
import { startSourceRunner } from "../connectors/runner.ts";
import type { Core } from "../core.ts";
import { startScheduler, startWorker } from "../jobs/runner.ts";

export interface BackgroundRoles {
  stop(): Promise<void>;
}

export interface BackgroundOptions {
  /** Source kinds this process does not run. */
  skipKinds?: readonly string[];
  sourceLeaseMs?: number;
}

export function startBackgroundRoles(
  core: Core,
  roles: ReadonlySet<Role>,
  options: BackgroundOptions = {},
): BackgroundRoles {
  const stops: (() => Promise<void>)[] = [];
  if (roles.has("worker")) {
    const worker = startWorker({ store: core.store, clock: core.clock, definitions: core.jobs });
    // Jobs started by events this process relayed are taken at once, not at the next poll.
    const stopWaking = core.relay.onRelayed(() => worker.wake());
    stops.push(async () => {
      stopWaking();
      await worker.stop();
    });
  }
  if (roles.has("scheduler")) {
    const scheduler = startScheduler({ store: core.store, clock: core.clock, definitions: core.jobs });
    stops.push(() => scheduler.stop());
  }
  if (roles.has("ingest")) {
    const runner = startSourceRunner({
      store: core.store,
      pipeline: core.pipeline,
      box: core.box,
      clock: core.clock,
      leaseMs: options.sourceLeaseMs,
      skipKinds: options.skipKinds,
    });
    stops.push(() => runner.stop());
  }
  return {
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
