/**
 * The ingest role reading a mailbox on Dovecot, killed with SIGKILL mid-way and started again:
 * every message delivered through Postfix is stored exactly once (compared by count and ids).
 * Runs on PostgreSQL (DATABASE_URL), where two processes share the store, as in CI.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTransport } from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { secretBox } from "../../src/connectors/secretBox.ts";
import { createStore, openDatabase } from "../../src/store/index.ts";
import { sql } from "../../src/store/orm.ts";
import { freshPostgresUrl } from "../support/databases.ts";
import { plainMail } from "../support/mail.ts";
import { type MailServers, startMailServers } from "../support/mailServers.ts";

const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const postgresUrl = process.env.DATABASE_URL;
const KEY = "email-kill-test-key-email-kill-test-key";
const MESSAGES = 300;
const children: ChildProcess[] = [];
let servers: MailServers | null = null;
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await servers?.stop();
});

function startIngest(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [CLI, "start", "--roles", "ingest", "--port", "0"], {
    env,
    stdio: ["ignore", "ignore", "ignore"],
  });
  children.push(child);
  return child;
}

describe.runIf(postgresUrl)("the ingest role killed while reading a mailbox", () => {
  it("stores every message once after a SIGKILL and a restart", { timeout: 180_000 }, async () => {
    const brand = { user: "brand", password: "brand-pass", address: "help@lumen.test" };
    const ana = { user: "ana", password: "ana-pass", address: "ana@example.test" };
    servers = await startMailServers({ mailboxes: [brand, ana] });
    const fresh = await freshPostgresUrl(postgresUrl!);
    const database = await openDatabase({ url: fresh.url });
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: fresh.url,
        LOG_LEVEL: "silent",
        PARLEY_DEMO: "false",
        PARLEY_CREDENTIALS_KEY: KEY,
        PARLEY_SOURCE_LEASE_MS: "2000",
      };
      delete env.NATS_URL;
      expect(spawnSync(process.execPath, [CLI, "migrate"], { env }).status).toBe(0);
      const store = createStore(database);
      const workspace = await store.workspaces.create({ name: "Lumen", brandHandles: ["lumenhelp"] });
      const source = await store.sources.create(workspace.id, {
        kind: "email",
        name: "Help mailbox",
        config: {
          imapHost: "127.0.0.1",
          imapPort: servers.imapPort,
          imapTls: "none",
          imapUser: brand.user,
          smtpHost: "127.0.0.1",
          smtpPort: servers.smtpPort,
          smtpTls: "none",
          fromAddress: brand.address,
        },
        credentials: secretBox(KEY).seal({ imapPassword: brand.password }),
      });
      const ids = Array.from({ length: MESSAGES }, (_, i) => `kill-${i}@example.test`);
      const tr = createTransport({
        host: "127.0.0.1",
        port: servers.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: ana.user, pass: ana.password },
        pool: true,
      });
      for (const [i, id] of ids.entries())
        await tr.sendMail({
          envelope: { from: ana.address, to: [brand.address] },
          raw: plainMail({ id, subject: `Question ${i}`, text: `Question number ${i}` }),
        });
      tr.close();
      while ((await servers.queued()) > 0) await new Promise((r) => setTimeout(r, 50));

      const stored = async () =>
        (
          await database.rows<{ platform_id: string }>(
            sql`select platform_id from posts where workspace_id = ${workspace.id} and platform = 'email'`,
          )
        ).map((r) => r.platform_id);
      const until = async (check: () => Promise<boolean>, what: string) => {
        const end = Date.now() + 90_000;
        while (!(await check())) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };

      const first = startIngest(env);
      await until(async () => (await stored()).length >= 50, "the first batch");
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      const atKill = (await stored()).length;
      expect(atKill).toBeLessThan(MESSAGES);

      // Another process takes the source over once the dead one's lease runs out.
      const second = startIngest(env);
      await until(async () => (await stored()).length >= MESSAGES, "every message");
      // A little longer: nothing more may arrive (no message stored twice under another id).
      await new Promise((r) => setTimeout(r, 1500));
      second.kill("SIGKILL");
      await new Promise((r) => second.once("exit", r));

      const all = await stored();
      expect(all.length).toBe(MESSAGES);
      expect([...all].sort()).toEqual([...ids].sort());
      const row = (await store.sources.get(source.id))!;
      expect(row.enabled).toBe(true);
      expect(row.rejectsTotal).toBe(0);
    } finally {
      await database.close();
      await fresh.drop();
    }
  });
});
