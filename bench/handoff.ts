/**
 * A hand-off from the agent's click to the contact center: handed off through the service, posted
 * by the worker role's `handoff.deliver` job through the address guard to a receiver on 127.0.0.1
 * that checks the signature, as an outside system would. The embedded store on disk; 200
 * hand-offs at 20 per second, three runs; medians of the runs' p50 and p99 of click → received.
 *
 * Run: node bench/handoff.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCore } from "../src/core.ts";
import { startBackgroundRoles } from "../src/roles/background.ts";
import { DEMO_USER, ensureDemoWorkspace } from "../src/services/demo.ts";
import { startHandoffReceiver } from "../test/support/handoffReceiver.ts";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const median = (xs: number[]) => pct(xs, 0.5);

async function oneRun(count: number, perSecond: number) {
  const dir = mkdtempSync(join(tmpdir(), "parley-handoff-"));
  const core = await openCore({ data: dir });
  const receiver = await startHandoffReceiver();
  try {
    const workspaceId = (await ensureDemoWorkspace(core.store))!;
    const admin = (await core.services.auth.signIn(DEMO_USER.email, DEMO_USER.password)).principal;
    const saved = await core.services.handoffs.saveEndpoint(admin, {
      url: receiver.url,
      allowPrivateNetwork: true,
    });
    receiver.secret = saved.secret!;
    const roles = startBackgroundRoles(core, new Set(["worker"]));
    const { principal } = await core.services.auth.signIn("agent@parley.local", "parley-demo");
    const posts = Array.from({ length: count }, (_, i) => ({
      platform: "demo" as const,
      platformId: `bench-handoff-${i}`,
      text: `@lumenhelp I was billed twice this month, account ${i}`,
      createdAt: new Date(),
      author: { platform: "demo" as const, platformId: `c${i}`, handle: `customer${i}` },
      channel: "public" as const,
      mentions: ["lumenhelp"],
      hashtags: [],
      raw: {},
    }));
    await core.pipeline.submit(workspaceId, posts, { requireMatch: false });
    const items = await core.store.views.workItems(workspaceId, { limit: count + 10 });
    const started = new Map<string, number>();
    for (const item of items.slice(0, count)) {
      await core.services.workItems.act(principal, item.id, "claim");
      const at = performance.now();
      const { handoff } = await core.services.handoffs.handOff(principal, item.id, {
        reason: "billing desk",
      });
      started.set(handoff.id, at);
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
    while (receiver.received.length < started.size) await new Promise((r) => setTimeout(r, 5));
    await roles.stop();
    if (!receiver.received.every((r) => r.verified)) throw new Error("a delivery failed the signature check");
    return receiver.received.map((r) => r.receivedAt - started.get(String(r.headers["idempotency-key"]))!);
  } finally {
    await receiver.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHandoff(count = 200, perSecond = 20, runs = 3) {
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let i = 0; i < runs; i++) {
    const waits = await oneRun(count, perSecond);
    p50s.push(pct(waits, 0.5));
    p99s.push(pct(waits, 0.99));
  }
  const result = {
    handoff_delivery_p50_ms: +median(p50s).toFixed(1),
    handoff_delivery_p99_ms: +median(p99s).toFixed(1),
  };
  console.log(
    `hand-off: ${count} at ${perSecond}/s × ${runs} runs, click → received (signed, verified) median p50 ${result.handoff_delivery_p50_ms} ms, p99 ${result.handoff_delivery_p99_ms} ms (runs' p50s ${p50s.map((x) => x.toFixed(1)).join(", ")})`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHandoff();
