/**
 * Scaled out: the web role and the ingest role in separate processes on PostgreSQL and NATS. A post
 * the ingest process stores reaches an agent connected to the web process. Runs when DATABASE_URL
 * and NATS_URL are set (as in CI).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "../../src/domain/views.ts";
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
      const created = new Promise<LiveEvent>((resolve) =>
        socket.addEventListener("message", (message) => {
          const event = JSON.parse(String(message.data)) as LiveEvent | { type: "hello" };
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
      const matched = await new Promise<LiveEvent>((resolve) =>
        socket.addEventListener("message", (message) => {
          const e = JSON.parse(String(message.data)) as LiveEvent | { type: "hello" };
          if (e.type === "work_item.created" && e.workItem.post.campaignIds.includes(campaign.id)) resolve(e);
        }),
      );
      expect(matched.workItem.post.campaignIds).toContain(campaign.id);
      socket.close();
    } finally {
      for (const child of children.splice(0)) child.kill("SIGKILL");
      await fresh.drop();
    }
  });
});
