/** Running an app's background work to a standstill in tests that drive the clock by hand. */
import type { OutboxRelay } from "../../src/bus/outbox.ts";
import type { JobWorker } from "../../src/jobs/runner.ts";

/**
 * Relays the events and runs the jobs they start, round after round, until a round finds nothing
 * due. Work that keeps starting more work for `maxRounds` rounds is a loop, and fails the test.
 */
export async function settle(relay: OutboxRelay, worker: JobWorker, maxRounds = 200): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    await relay.flush();
    if ((await worker.tick()) === 0) return;
  }
  throw new Error(`The jobs were still running after ${maxRounds} rounds`);
}
