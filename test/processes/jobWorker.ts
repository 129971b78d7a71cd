/**
 * A worker process for the shared-work test: Parley's worker role, as `parley start --roles worker`
 * runs it, with one extra job that delivers its payload to a receiver over HTTP with an
 * Idempotency-Key, the way a hand-off or a reply goes out.
 */
import { openCore } from "../../src/core.ts";
import type { JobDefinition } from "../../src/jobs/definition.ts";
import { startBackgroundRoles } from "../../src/roles/background.ts";

const receiver = process.env.RECEIVER_URL!;
const deliver: JobDefinition = {
  name: "test.deliver",
  trigger: { due: true },
  lockMs: 2000,
  retries: { max: 10, baseMs: 100, maxMs: 1000 },
  async run(job) {
    // Long enough that a kill lands while deliveries are in flight.
    await new Promise((r) => setTimeout(r, 40));
    const response = await fetch(receiver, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": job.key },
      body: JSON.stringify({ key: job.key, worker: process.pid }),
    });
    if (!response.ok) throw new Error(`receiver answered ${response.status}`);
  },
};

const core = await openCore({
  databaseUrl: process.env.DATABASE_URL,
  natsUrl: process.env.NATS_URL,
  jobs: [deliver],
});
const roles = startBackgroundRoles(core, new Set(["worker"]));
process.stdout.write("worker ready\n");
process.once("SIGTERM", async () => {
  await roles.stop();
  await core.close();
  process.exit(0);
});
