/**
 * Scaled out: the web role and the ingest role in separate processes on PostgreSQL and NATS. A post
 * the ingest process stores reaches an agent connected to the web process; a campaign made and a
 * correction taught on the web process change what the ingest process matches and learns. Runs when DATABASE_URL
 * and NATS_URL are set (as in CI).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { WorkItemLiveEvent } from "../../src/domain/views.ts";
import { freshPostgresUrl } from "../support/databases.ts";

const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const postgresUrl = process.env.DATABASE_URL;
const natsUrl = process.env.NATS_URL;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function start(role: string, env: NodeJS.ProcessEnv): Promise<{ url: string | null }> {
  const child = spawn(process.execPath, [CLI, "start", "--roles", role, "--port", "0", "--demo-rate", "5"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
      const url = /Open (http:\/\/\S+)/.exec(stderr)?.[1];
      if (stderr.includes("Parley is running")) {
        if (role === "web" && !url) return;
        resolve({ url: url ?? null });
      }
    });
    child.on("exit", (code) =>
      reject(new Error(`parley start --roles ${role} exited with ${code}:\n${stderr}`)),
    );
  });
}

describe.runIf(postgresUrl && natsUrl)("roles in separate processes", () => {
  it("delivers the ingest process's work items to agents on the web process", {
    timeout: 120_000,
  }, async () => {
    const fresh = await freshPostgresUrl(postgresUrl!);
    try {
      const env = { ...process.env, DATABASE_URL: fresh.url, NATS_URL: natsUrl, LOG_LEVEL: "silent" };
      expect(spawnSync(process.execPath, [CLI, "migrate"], { env }).status).toBe(0);
      const web = await start("web", env);
      const base = web.url!.replace("localhost", "127.0.0.1");
      const session = await fetch(`${base}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "demo@parley.local", password: "parley-demo" }),
      });
      expect(session.status).toBe(200);
      const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
      // Node's WebSocket takes request headers in its second argument; the DOM type knows only protocols.
      const socket = new WebSocket(`${base.replace("http", "ws")}/api/live`, {
        headers: { cookie },
      } as unknown as string[]);
      const created = new Promise<WorkItemLiveEvent>((resolve) =>
        socket.addEventListener("message", (message) => {
          const event = JSON.parse(String(message.data)) as WorkItemLiveEvent | { type: "hello" };
          if (event.type === "work_item.created") resolve(event);
        }),
      );
      await new Promise((resolve) => socket.addEventListener("open", resolve));
      await start("ingest", env);
      const event = await created;
      expect(event.workItem.post.demo).toBe(true);
      const item = await fetch(`${base}/api/work-items/${event.workItem.id}`, { headers: { cookie } });
      expect((await item.json()).id).toBe(event.workItem.id);

      // A campaign created on the web process changes what the ingest process matches.
      const response = await fetch(`${base}/api/campaigns`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: base },
        body: JSON.stringify({ name: "Everything Lumen", query: "lumen OR @lumenhelp OR @lumenmobile" }),
      });
      expect(response.status).toBe(201);
      const campaign = (await response.json()) as { id: string };
      const matched = await new Promise<WorkItemLiveEvent>((resolve) =>
        socket.addEventListener("message", (message) => {
          const e = JSON.parse(String(message.data)) as WorkItemLiveEvent | { type: "hello" };
          if (e.type === "work_item.created" && e.workItem.post.campaignIds.includes(campaign.id)) resolve(e);
        }),
      );
      expect(matched.workItem.post.campaignIds).toContain(campaign.id);

      // A correction made on the web process changes what the ingest process learnt: the same
      // words, read by ingest from a feed before and after, score higher for the corrected intent.
      const TEXT = "@lumenhelp the quokka settings page keeps spinning, is there another way in?";
      const feed = createServer((request, response) => {
        const id = request.url!.slice(1);
        response.writeHead(200, { "content-type": "application/atom+xml" });
        response.end(
          `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:t:${id}</id><title>t</title>` +
            `<updated>2026-12-01T10:00:00Z</updated><entry><id>urn:entry:${id}</id><title>${id}</title>` +
            `<updated>2026-12-01T10:00:00Z</updated><author><name>reader-${id}</name></author>` +
            `<content type="text">${TEXT}</content></entry></feed>`,
        );
      });
      await new Promise<void>((resolve) => feed.listen(0, "127.0.0.1", resolve));
      const feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
      const readByIngest = async (id: string) => {
        const created = await fetch(`${base}/api/sources`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", origin: base },
          body: JSON.stringify({
            kind: "feed",
            name: `feed ${id}`,
            settings: { url: `${feedUrl}/${id}`, allowPrivateNetwork: true, requireMatch: false },
          }),
        });
        expect(created.status).toBe(201);
        for (let i = 0; i < 300; i++) {
          const list = await fetch(`${base}/api/work-items?limit=200`, { headers: { cookie } });
          const items = (await list.json()) as { items: WorkItemLiveEvent["workItem"][] };
          const found = items.items.find((w) => w.post.author.name === `reader-${id}`);
          if (found) return found.post;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`the ingest process did not read feed ${id}`);
      };
      const before = await readByIngest("before");
      expect(before.analysis!.intent.label).not.toBe("purchase_intent");
      const corrected = await fetch(`${base}/api/posts/${before.id}/corrections`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: base },
        body: JSON.stringify({ intent: "purchase_intent" }),
      });
      expect(corrected.status).toBe(200);
      const after = await readByIngest("after");
      expect(after.analysis!.intent.scores.purchase_intent).toBeGreaterThan(
        before.analysis!.intent.scores.purchase_intent,
      );
      feed.close();
      socket.close();
    } finally {
      for (const child of children.splice(0)) child.kill("SIGKILL");
      await fresh.drop();
    }
  });
});
