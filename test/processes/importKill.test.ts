/**
 * Kill the importer with SIGKILL at random moments, start it again, and check that every post of
 * the file ends up stored exactly once, each with the conversation and work item it should have.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/store/index.ts";
import { sql } from "../../src/store/orm.ts";
import { freshPostgresUrl } from "../support/databases.ts";

const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const POSTS = 4000;
const dir = mkdtempSync(join(tmpdir(), "parley-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXTS = [
  "@lumenhelp my bill is wrong again, I was charged twice this month",
  "@lumenhelp how do I move my number to a new SIM?",
  "No signal in the whole of Leeds since this morning @lumenhelp",
  "Thanks @lumenhelp, the engineer fixed the line in ten minutes!",
  "@lumenhelp is the Lumen Max plan available for business accounts?",
];

function writeExport(path: string): void {
  const lines: string[] = [];
  for (let i = 0; i < POSTS; i++) {
    // Every fifth post replies to an earlier one, so threads span batches and restarts.
    const replyTo = i % 5 === 4 ? `k${i - 3}` : undefined;
    lines.push(
      JSON.stringify({
        id: `k${i}`,
        text: `${TEXTS[i % TEXTS.length]} (#${i})`,
        author: { handle: `customer${i % 700}`, followers: (i * 37) % 5000 },
        created_at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
        platform: "x",
        ...(replyTo ? { reply_to: replyTo } : {}),
      }),
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** Where the importer stores: an embedded store folder, or a PostgreSQL database. */
type Target = { data: string } | { databaseUrl: string };

function runImport(file: string, target: Target): { child: ChildProcess; exit: Promise<number | null> } {
  const { DATABASE_URL: _, ...env } = process.env;
  const args = [CLI, "import", file, "--quiet", "--format", "jsonl"];
  if ("data" in target) args.push("--data", target.data);
  else env.DATABASE_URL = target.databaseUrl;
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, LOG_LEVEL: "silent" },
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  return { child, exit };
}

interface Backend {
  name: string;
  /** A new, empty store to import into, how to open it for checking, and how to remove it. */
  create(): Promise<{ target: Target; open(): Promise<Database>; remove(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "the embedded store",
    async create() {
      const data = join(dir, `store-${Math.random().toString(36).slice(2)}`);
      return {
        target: { data },
        open: () => openDatabase({ dataDir: data }),
        remove: async () => rmSync(data, { recursive: true, force: true }),
      };
    },
  },
];
const postgresUrl = process.env.DATABASE_URL;
if (postgresUrl) {
  backends.push({
    name: "PostgreSQL",
    async create() {
      const fresh = await freshPostgresUrl(postgresUrl);
      return {
        target: { databaseUrl: fresh.url },
        open: () => openDatabase({ url: fresh.url }),
        remove: fresh.drop,
      };
    },
  });
}

const file = join(dir, "export.jsonl");
writeExport(file);

describe.each(backends)("an import into $name killed at random moments", (backend) => {
  it("stores every post exactly once after restarts", { timeout: 240_000 }, async () => {
    // A full run first measures how long an import takes on this machine, on a separate store.
    const probe = await backend.create();
    const probeStarted = Date.now();
    expect(await runImport(file, probe.target).exit).toBe(0);
    const fullRun = Date.now() - probeStarted;
    await probe.remove();

    const store = await backend.create();
    let killed = 0;
    // How long a run takes now: the probe's time at first, then the last run that finished, so a
    // machine that got faster or slower meanwhile still sees its runs killed midway.
    let budget = fullRun;
    for (let attempt = 0; attempt < 6 && killed < 3; attempt++) {
      const started = Date.now();
      const run = runImport(file, store.target);
      const delay = Math.floor(budget * (0.15 + Math.random() * 0.7));
      const timer = setTimeout(() => run.child.kill("SIGKILL"), delay);
      const code = await run.exit;
      clearTimeout(timer);
      if (run.child.signalCode === "SIGKILL") killed += 1;
      else {
        expect(code).toBe(0);
        budget = Date.now() - started;
      }
    }
    expect(killed).toBeGreaterThan(0);
    expect(await runImport(file, store.target).exit).toBe(0);

    const database = await store.open();
    try {
      const count = async (query: ReturnType<typeof sql>) =>
        Number((await database.rows<{ n: number | string }>(query))[0]!.n);
      expect(await count(sql`select count(*) as n from posts`)).toBe(POSTS);
      expect(await count(sql`select count(distinct platform_id) as n from posts`)).toBe(POSTS);
      // Replies sit in their parent's conversation.
      expect(
        await count(sql`select count(*) as n from posts r join posts p on p.platform_id = r.reply_to_platform_id
                        where r.conversation_id <> p.conversation_id`),
      ).toBe(0);
      // Every post that needs the brand belongs to a conversation with a work item.
      expect(
        await count(sql`select count(*) as n from posts p where p.needs_brand
                        and not exists (select 1 from work_items w where w.conversation_id = p.conversation_id)`),
      ).toBe(0);
      expect(await count(sql`select count(*) as n from posts where needs_brand`)).toBeGreaterThan(POSTS / 2);
      // The embedded store's file is whole after every kill.
      if (database.kind === "sqlite") {
        expect(await database.rows(sql`pragma integrity_check`)).toEqual([{ integrity_check: "ok" }]);
      }
    } finally {
      await database.close();
      await store.remove();
    }
  });
});
