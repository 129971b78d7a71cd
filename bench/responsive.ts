/**
 * Is the app responsive while it works? An import of many posts runs in the same process as the
 * web role, on an embedded store on disk, while an agent's client asks for the inbox
 * (`GET /api/work-items`) over HTTP every 20 ms. Reports that request's latency (p50, p99, max)
 * during the import, beside the same requests on the idle server before it (the baseline).
 *
 * Run: node bench/responsive.ts [posts]   (writes bench/results/responsive.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createDemoGenerator } from "../src/connectors/demo/generator.ts";
import { startParley } from "../src/server/start.ts";
import { toWire } from "./filter.ts";
import { agentToken } from "./support/agentToken.ts";

const INTERVAL_MS = 20;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** JSON lines of demo posts, made as the import reads them (about 64 KB at a time, as a file is read). */
function exportStream(count: number): Readable {
  const generator = createDemoGenerator({ seed: 5, startTime: new Date("2025-09-01T00:00:00Z") });
  let made = 0;
  return new Readable({
    read() {
      const lines: string[] = [];
      for (let i = 0; i < 250 && made < count; i++, made++) lines.push(toWire(generator.next()));
      this.push(lines.length ? Buffer.from(`${lines.join("\n")}\n`) : null);
    },
  });
}

async function poll(url: string, token: string, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const started = performance.now();
    const response = await fetch(`${url}/api/work-items?limit=50`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET /api/work-items answered ${response.status}`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (performance.now() - started))));
  }
  return latencies.sort((a, b) => a - b);
}

const figures = (sorted: number[]) => ({
  p50: +percentile(sorted, 0.5).toFixed(1),
  p99: +percentile(sorted, 0.99).toFixed(1),
  max: +(sorted.at(-1) ?? 0).toFixed(1),
  requests: sorted.length,
});

export async function benchResponsive(count = 200_000) {
  const dir = mkdtempSync(join(tmpdir(), "parley-responsive-"));
  const parley = await startParley({ port: 0, data: dir, demo: true, demoRate: 0, logLevel: "silent" });
  try {
    const { services } = parley.core;
    const workspaceId = parley.demoWorkspaceId!;
    const token = await agentToken(services, workspaceId);
    const url = parley.url!;
    // The first requests compile the route's code; they are not part of either figure.
    const warmUntil = performance.now() + 1000;
    await poll(url, token, () => performance.now() > warmUntil);
    const idleUntil = performance.now() + 3000;
    const idle = await poll(url, token, () => performance.now() > idleUntil);

    let done = false;
    const started = performance.now();
    const importing = services.imports
      .run(workspaceId, exportStream(count), { format: "jsonl" })
      .finally(() => {
        done = true;
      });
    const during = await poll(url, token, () => done);
    const report = await importing;
    const seconds = (performance.now() - started) / 1000;
    const result = {
      http_p99_during_import_ms: figures(during).p99,
      http_during_import: figures(during),
      http_idle: figures(idle),
      import_in_server_posts_per_s: Math.round(count / seconds),
      imported: report.imported,
    };
    console.log(
      `responsiveness bench: GET /api/work-items every ${INTERVAL_MS} ms while ${count.toLocaleString("en")} posts are imported in the same process\n` +
        `  idle:   p50 ${result.http_idle.p50} ms  p99 ${result.http_idle.p99} ms  max ${result.http_idle.max} ms (${result.http_idle.requests} requests)\n` +
        `  import: p50 ${result.http_during_import.p50} ms  p99 ${result.http_during_import.p99} ms  max ${result.http_during_import.max} ms (${result.http_during_import.requests} requests)\n` +
        `  the import stored ${report.imported.toLocaleString("en")} posts at ${result.import_in_server_posts_per_s.toLocaleString("en")} posts/s meanwhile`,
    );
    return result;
  } finally {
    await parley.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await benchResponsive(Number(process.argv[2] ?? 200_000));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, node: process.version, at: new Date().toISOString() };
  writeFileSync(
    new URL("./results/responsive.json", import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
