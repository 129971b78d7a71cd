/**
 * Live latency: from the moment a post is handed to the pipeline to the moment the agent's
 * WebSocket receives its new work item — analysis, storage, the bus and the socket included.
 * Posts arrive one at a time at a steady rate, as a live source delivers them.
 *
 * Run: node bench/latency.ts [posts] [per second]   (writes bench/results/latency.json)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createDemoGenerator } from "../src/connectors/demo/generator.ts";
import type { LiveEvent } from "../src/domain/views.ts";
import { startParley } from "../src/server/start.ts";
import { agentToken } from "./support/agentToken.ts";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function benchLatency(count = 500, perSecond = 50) {
  const parley = await startParley({ port: 0, data: ":memory:", demo: false, logLevel: "silent" });
  try {
    const { store, services } = parley.core;
    const workspace = await store.workspaces.create({
      name: "Latency",
      brandHandles: ["lumenhelp", "lumenmobile"],
    });
    await store.campaigns.create(workspace.id, { name: "All", query: "lumen OR lumenhelp OR lumenmobile" });
    const token = await agentToken(services, workspace.id);
    // Node's WebSocket takes request headers in its second argument; the DOM type knows only protocols.
    const socket = new WebSocket(`${parley.url!.replace("http", "ws")}/api/live`, {
      headers: { authorization: `Bearer ${token}` },
    } as unknown as string[]);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(String(message.data)) as LiveEvent | { type: "hello" };
      if (event.type !== "work_item.created") return;
      const started = sentAt.get(event.workItem.post.platformId);
      if (started !== undefined) latencies.push(performance.now() - started);
    });
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve);
      socket.addEventListener("error", reject);
    });
    const generator = createDemoGenerator({ seed: 11 });
    const interval = 1000 / perSecond;
    let submitted = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const post = { ...generator.next(), createdAt: new Date() };
      sentAt.set(post.platformId, performance.now());
      void parley.ingest([post], workspace.id);
      submitted++;
      const next = started + (i + 1) * interval;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    await parley.core.pipeline.drain();
    await new Promise((r) => setTimeout(r, 200));
    socket.close();
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      live_latency_p50_ms: +percentile(sorted, 0.5).toFixed(1),
      live_latency_p99_ms: +percentile(sorted, 0.99).toFixed(1),
      live_latency_max_ms: +(sorted.at(-1) ?? 0).toFixed(1),
      work_items: sorted.length,
      posts: submitted,
      posts_per_s: perSecond,
    };
    console.log(
      `latency bench: ${submitted} posts at ${perSecond}/s, ${sorted.length} became work items on the agent's socket\n` +
        `  p50 ${result.live_latency_p50_ms} ms   p99 ${result.live_latency_p99_ms} ms   max ${result.live_latency_max_ms} ms`,
    );
    return result;
  } finally {
    await parley.stop();
  }
}

if (import.meta.main) {
  const result = await benchLatency(Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 50));
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const record = { ...result, node: process.version, at: new Date().toISOString() };
  writeFileSync(new URL("./results/latency.json", import.meta.url), `${JSON.stringify(record, null, 2)}\n`);
}
