/**
 * Shared work across processes on PostgreSQL and NATS: two ingest processes share a source and two
 * worker processes share the jobs; one of each is killed (SIGKILL) mid-stream. The source's posts
 * are all read and stored exactly once, and every job is delivered, a job in flight at the kill at
 * most once more and under the same idempotency key. Runs when DATABASE_URL and NATS_URL are set.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openCore } from "../../src/core.ts";
import { ensureDemoWorkspace } from "../../src/services/demo.ts";
import { sql } from "../../src/store/orm.ts";
import { freshPostgresUrl } from "../support/databases.ts";

const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const WORKER = fileURLToPath(new URL("./jobWorker.ts", import.meta.url));
const postgresUrl = process.env.DATABASE_URL;
const natsUrl = process.env.NATS_URL;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const read = (d: Buffer) => {
      output += d;
      if (ready.test(output)) resolve(child);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code, signal) =>
      reject(new Error(`${args.join(" ")} exited (${code ?? signal}):\n${output}`)),
    );
  });
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(postgresUrl && natsUrl)("work shared between processes", () => {
  it("loses, repeats and double-sends nothing when one ingest and one worker process are killed", {
    timeout: 180_000,
  }, async () => {
    const fresh = await freshPostgresUrl(postgresUrl!);
    const deliveries: { key: string; worker: number }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (d) => {
        body += d;
      });
      request.on("end", () => {
        const parsed = JSON.parse(body) as { key: string; worker: number };
        expect(request.headers["idempotency-key"]).toBe(parsed.key);
        deliveries.push(parsed);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const env = {
      ...process.env,
      DATABASE_URL: fresh.url,
      NATS_URL: natsUrl,
      LOG_LEVEL: "silent",
      PARLEY_SOURCE_LEASE_MS: "3000",
      RECEIVER_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
    };
    const core = await openCore({ databaseUrl: fresh.url });
    try {
      // The demo workspace with a source that makes exactly LIMIT posts, fast.
      const LIMIT = 3000;
      const workspaceId = (await ensureDemoWorkspace(core.store))!;
      const source = await core.store.sources.create(workspaceId, {
        kind: "demo",
        name: "Demo generator",
        config: { seed: 4242, ratePerSecond: 400, backlog: 0, limit: LIMIT },
        credentials: null,
      });
      const JOBS = 400;
      for (let i = 0; i < JOBS; i++) {
        await core.store.jobs.enqueue({
          name: "test.deliver",
          key: `delivery-${i}`,
          runAt: new Date(),
          maxAttempts: 10,
        });
      }
      const read = async () => Number((await core.store.sources.get(source.id))!.postsTotal);

      const ingest = ["start", "--roles", "ingest", "--demo-rate", "400"];
      const [ingestA, , workerA] = await Promise.all([
        spawnUntil([CLI, ...ingest], env, /Parley is running/),
        spawnUntil([CLI, ...ingest], env, /Parley is running/),
        spawnUntil([WORKER], env, /worker ready/),
        spawnUntil([WORKER], env, /worker ready/),
      ]);
      // Mid-stream: some posts read and some deliveries made, neither finished.
      await until(async () => (await read()) > 300 && deliveries.length > 40, 60_000, "work to start");
      const holder = (await core.store.sources.get(source.id))!.leaseHolder;
      expect(holder).not.toBeNull();
      // Kill the ingest process holding the source (whichever it is) and one worker.
      const victim = [ingestA!, children[1]!].find((c) => c.pid !== undefined)!;
      workerA!.kill("SIGKILL");
      victim.kill("SIGKILL");
      const readAtKill = await read();
      expect(readAtKill).toBeLessThan(LIMIT);

      await until(async () => (await read()) >= LIMIT, 120_000, "the source to finish in the other process");
      await until(
        async () => new Set(deliveries.map((d) => d.key)).size >= JOBS,
        60_000,
        "every job to be delivered",
      );
      // Jobs the killed worker ran but had not marked done are run again once its locks run out.
      const done = async () =>
        Number(
          (
            await core.database.rows<{ done: number }>(
              sql`select count(*) filter (where state = 'done') as done from jobs where name = 'test.deliver'`,
            )
          )[0]!.done,
        );
      await until(async () => (await done()) >= JOBS, 60_000, "every job to be marked done");

      // Every post the source made was read and committed once: the counter is written in the
      // transaction of its batch, beside the cursor.
      const row = (await core.store.sources.get(source.id))!;
      expect(Number(row.postsTotal)).toBe(LIMIT);
      expect(row.cursor?.value).toBe(String(LIMIT));
      const [counts] = await core.database.rows<{ n: number; distinct_ids: number }>(
        sql`select count(*) as n, count(distinct platform_id) as distinct_ids from posts where workspace_id = ${workspaceId}`,
      );
      expect(Number(counts!.n)).toBe(Number(counts!.distinct_ids));
      expect(Number(counts!.n)).toBeGreaterThan(0);
      const events = await core.database.rows<{ n: number; total: number }>(
        sql`select count(*) as n, coalesce(sum(jsonb_array_length(data->'postIds')), 0) as total from events where type = 'posts.stored'`,
      );
      // Each stored post was announced once.
      expect(Number(events[0]!.total)).toBe(Number(counts!.n));

      // Every job delivered; one in flight at the kill may come again, under the same key.
      const keys = new Set(deliveries.map((d) => d.key));
      expect(keys.size).toBe(JOBS);
      expect(deliveries.length - keys.size).toBeLessThanOrEqual(4);
      const [jobs] = await core.database.rows<{ done: number }>(
        sql`select count(*) filter (where state = 'done') as done from jobs where name = 'test.deliver'`,
      );
      expect(Number(jobs!.done)).toBe(JOBS);
    } finally {
      for (const child of children.splice(0)) child.kill("SIGKILL");
      receiver.close();
      await core.close();
      await fresh.drop();
    }
  });
});
