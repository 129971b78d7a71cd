/**
 * A reply from the agent's click to the platform: queued by the API's service, sent by the worker
 * role through the source's connector (the demo source, which answers at once), recorded as sent.
 * The embedded store on disk; 250 replies at 50 per second; p50 / p99 of queued → sent, which
 * includes the connector's call and recording the sent reply (an upper bound of send → call).
 *
 * Run: node bench/replies.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCore } from "../src/core.ts";
import { startBackgroundRoles } from "../src/roles/background.ts";
import { ensureDemoSource, ensureDemoWorkspace } from "../src/services/demo.ts";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function benchReplies(count = 250, perSecond = 50) {
  const dir = mkdtempSync(join(tmpdir(), "parley-replies-"));
  const core = await openCore({ data: dir });
  try {
    const workspaceId = (await ensureDemoWorkspace(core.store))!;
    const sourceId = await ensureDemoSource(core.store, workspaceId, { ratePerSecond: 0, backlog: 0 });
    const roles = startBackgroundRoles(core, new Set(["worker"]));
    // The demo's agent, signed in as the web app signs in.
    const { principal } = await core.services.auth.signIn("agent@parley.local", "parley-demo");
    // One open item per reply: customers' posts through the demo source.
    const posts = Array.from({ length: count }, (_, i) => ({
      platform: "demo" as const,
      platformId: `bench-reply-${i}`,
      text: `@lumenhelp my router keeps dropping the connection, order ${i}`,
      createdAt: new Date(),
      author: { platform: "demo" as const, platformId: `c${i}`, handle: `customer${i}` },
      channel: "public" as const,
      mentions: ["lumenhelp"],
      hashtags: [],
      raw: {},
    }));
    await core.pipeline.submit(workspaceId, posts, { requireMatch: false, sourceId });
    const items = await core.store.views.workItems(workspaceId, { limit: count + 10 });
    const waits: number[] = [];
    const pending = new Map<string, number>();
    for (const item of items.slice(0, count)) {
      await core.services.workItems.act(principal, item.id, "claim");
      const started = performance.now();
      const reply = await core.services.replies.create(principal, item.id, {
        text: "Sorry about that, we are on it.",
        channel: "public",
      });
      pending.set(reply.id, started);
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
      for (const [id, at] of pending) {
        if ((await core.store.replies.get(workspaceId, id))?.status === "sent") {
          waits.push(performance.now() - at);
          pending.delete(id);
        }
      }
    }
    while (pending.size > 0) {
      for (const [id, at] of pending) {
        if ((await core.store.replies.get(workspaceId, id))?.status === "sent") {
          waits.push(performance.now() - at);
          pending.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await roles.stop();
    const result = {
      reply_send_p50_ms: +pct(waits, 0.5).toFixed(1),
      reply_send_p99_ms: +pct(waits, 0.99).toFixed(1),
    };
    console.log(
      `replies: ${count} at ${perSecond}/s, queued → sent p50 ${result.reply_send_p50_ms} ms, p99 ${result.reply_send_p99_ms} ms`,
    );
    return result;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReplies();
