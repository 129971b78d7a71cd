/**
 * Cold start: `parley start` on a new, empty embedded store, from spawning the process until
 * `/healthz` answers, as a user meets it (the web app already built; the demo off, so the figure
 * is the server's own start, not the demo's backlog). Median of several runs.
 *
 * Run: node bench/coldStart.ts [runs]   (writes bench/results/cold-start.json)
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startOnce(): Promise<number> {
  const data = mkdtempSync(join(tmpdir(), "parley-cold-"));
  const port = await freePort();
  const { DATABASE_URL: _, NATS_URL: __, ...env } = process.env;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "start", "--data", data, "--port", String(port), "--no-demo"], {
    stdio: "ignore",
    env: { ...env, LOG_LEVEL: "silent" },
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`parley start exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
    rmSync(data, { recursive: true, force: true });
  }
}

export async function benchColdStart(runs = 5) {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(await startOnce());
  const result = { cold_start_ms: Math.round(median(times)), cold_start_runs_ms: times.map(Math.round) };
  console.log(
    `cold start bench: parley start on an empty embedded store until /healthz answers, ${runs} runs\n` +
      `  median ${result.cold_start_ms} ms   runs: ${result.cold_start_runs_ms.join(", ")} ms`,
  );
  return result;
}

if (import.meta.main) {
  const result = await benchColdStart(Number(process.argv[2] ?? 5));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, node: process.version, at: new Date().toISOString() };
  writeFileSync(
    new URL("./results/cold-start.json", import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
