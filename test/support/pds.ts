/**
 * A real local AT Protocol network for the Bluesky tests: `test/pds/network.ts` (PLC directory,
 * PDS, AppView from `@atproto/dev-env`) in a child process on 127.0.0.1, and what a test does
 * there as people would: accounts, app passwords, posts with mention facets, replies. Nothing is
 * skipped when the network's package is missing: starting fails and says how to install it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";

const ROOT = join(import.meta.dirname, "..", "pds");

export interface PdsAccount {
  did: string;
  handle: string;
  password: string;
  accessJwt: string;
}

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface LocalNetwork {
  pds: string;
  appview: string;
  /** Every address the network's process listens on (`host:port`), read from /proc. */
  listening(): Promise<string[]>;
  /** Waits until the AppView has indexed everything the PDS wrote. */
  sync(): Promise<void>;
  /** An access token the PDS issued to `did` and that has expired. */
  expiredToken(did: string): Promise<string>;
  account(name: string): Promise<PdsAccount>;
  appPassword(account: PdsAccount): Promise<string>;
  /** A post by `by`; `@handle` words mentioning `mentions` get their facets, as clients make them. */
  post(
    by: PdsAccount,
    text: string,
    options?: { mentions?: PdsAccount[]; reply?: { root: StrongRef; parent: StrongRef } },
  ): Promise<StrongRef>;
  deletePost(by: PdsAccount, uri: string): Promise<void>;
  /** The author edits a post: `putRecord` on its record key, the rest of the record kept. */
  editPost(by: PdsAccount, uri: string, text: string): Promise<StrongRef>;
  /** A Jetstream reading this PDS's firehose (`test/pds/jetstream.ts`), started once. */
  jetstream(): Promise<{ url: string; drop(): Promise<void> }>;
  /** A record as the PDS holds it. */
  record(uri: string): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | null>;
  xrpc(
    method: "GET" | "POST",
    nsid: string,
    input?: { token?: string; params?: Record<string, string>; body?: unknown },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startLocalNetwork(): Promise<LocalNetwork> {
  if (!existsSync(join(ROOT, "node_modules", "@atproto", "dev-env")))
    throw new Error("The local AT Protocol network is not installed: run `npm ci --prefix test/pds`");
  const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "network.ts")], {
    cwd: ROOT,
    env: { ...process.env, PDS_DATABASE_URL: databaseUrl, LOG_ENABLED: "false" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else early.push(line);
  });
  const nextLine = (ms: number) =>
    new Promise<string>((resolve, reject) => {
      const queued = early.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(
        () => reject(new Error(`The local network did not answer in time: ${stderr}`)),
        ms,
      );
      const onExit = () => reject(new Error(`The local network stopped: ${stderr}`));
      child.once("exit", onExit);
      waiting.push((line) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(line);
      });
    });
  const ready = JSON.parse(await nextLine(240_000)) as { pds: string; appview: string; schema: string };
  let queue = Promise.resolve();
  const ask = (command: string, ms = 60_000) => {
    const answer = queue.then(() => {
      child.stdin!.write(`${command}\n`);
      return nextLine(ms);
    });
    queue = answer.then(
      () => undefined,
      () => undefined,
    );
    return answer;
  };

  async function xrpc(
    method: "GET" | "POST",
    nsid: string,
    input: { token?: string; params?: Record<string, string>; body?: unknown } = {},
  ) {
    const url = new URL(`${ready.pds}/xrpc/${nsid}`);
    for (const [k, v] of Object.entries(input.params ?? {})) url.searchParams.set(k, v);
    const send = () =>
      fetch(url, {
        method,
        headers: {
          ...(input.token ? { authorization: `Bearer ${input.token}` } : {}),
          ...(input.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
      });
    // An idle keep-alive socket that the PDS closes as it is reused fails before the PDS reads
    // the request; the second try opens a new one.
    const response = await send().catch(send);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }
  const ok = async (what: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const answer = await what;
    if (answer.status !== 200)
      throw new Error(`The PDS answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  async function readRecord(
    uri: string,
  ): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | null> {
    const [, , repo, collection, rkey] = uri.split("/");
    const answer = await xrpc("GET", "com.atproto.repo.getRecord", {
      params: { repo: repo!, collection: collection!, rkey: rkey! },
    });
    if (answer.status !== 200) return null;
    return answer.body as { uri: string; cid: string; value: Record<string, unknown> };
  }

  return {
    pds: ready.pds,
    appview: ready.appview,
    listening: () => listeningAddresses(child.pid!),
    async sync() {
      const answer = await ask("sync");
      if (answer !== "synced") throw new Error(answer);
    },
    async expiredToken(did) {
      const answer = await ask(`expired-token ${did}`);
      if (!answer.startsWith("token ")) throw new Error(answer);
      return answer.slice(6);
    },
    async account(name) {
      const handle = `${name}.test`;
      const password = `${name}-password`;
      const body = await ok(
        xrpc("POST", "com.atproto.server.createAccount", {
          body: { email: `${name}@example.com`, handle, password },
        }),
      );
      return { did: String(body.did), handle, password, accessJwt: String(body.accessJwt) };
    },
    async appPassword(account) {
      const body = await ok(
        xrpc("POST", "com.atproto.server.createAppPassword", {
          token: account.accessJwt,
          body: { name: "Parley" },
        }),
      );
      return String(body.password);
    },
    async post(by, text, options = {}) {
      const facets = [];
      for (const m of options.mentions ?? []) {
        const at = text.indexOf(`@${m.handle}`);
        if (at < 0) continue;
        const byteStart = Buffer.byteLength(text.slice(0, at));
        facets.push({
          index: { byteStart, byteEnd: byteStart + Buffer.byteLength(`@${m.handle}`) },
          features: [{ $type: "app.bsky.richtext.facet#mention", did: m.did }],
        });
      }
      const record = {
        $type: "app.bsky.feed.post",
        text,
        createdAt: new Date().toISOString(),
        ...(facets.length ? { facets } : {}),
        ...(options.reply ? { reply: options.reply } : {}),
      };
      const body = await ok(
        xrpc("POST", "com.atproto.repo.createRecord", {
          token: by.accessJwt,
          body: { repo: by.did, collection: "app.bsky.feed.post", record },
        }),
      );
      return { uri: String(body.uri), cid: String(body.cid) };
    },
    async deletePost(by, uri) {
      const rkey = uri.split("/").pop()!;
      await ok(
        xrpc("POST", "com.atproto.repo.deleteRecord", {
          token: by.accessJwt,
          body: { repo: by.did, collection: "app.bsky.feed.post", rkey },
        }),
      );
    },
    async editPost(by, uri, text) {
      const [, , repo, collection, rkey] = uri.split("/");
      const current = await readRecord(uri);
      if (!current) throw new Error(`no record ${uri}`);
      // Facets index bytes of the old text: an edit that rewrites the text drops them.
      const { facets: _facets, ...rest } = current.value;
      const body = await ok(
        xrpc("POST", "com.atproto.repo.putRecord", {
          token: by.accessJwt,
          body: { repo, collection, rkey, record: { ...rest, text } },
        }),
      );
      return { uri: String(body.uri), cid: String(body.cid) };
    },
    async jetstream() {
      const answer = await ask("jetstream");
      if (!answer.startsWith("jetstream ")) throw new Error(answer);
      return {
        url: answer.slice("jetstream ".length),
        async drop() {
          const dropped = await ask("jetstream-drop");
          if (dropped !== "dropped") throw new Error(dropped);
        },
      };
    },
    record: readRecord,
    xrpc,
    async close() {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
      // The network drops its schemas as it closes; a network that died first leaves them here.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      for (const prefix of ["appview_", "bsync_", "ozone_"])
        await client.query(`DROP SCHEMA IF EXISTS "${prefix}${ready.schema}" CASCADE`);
      await client.end();
    },
  };
}

/** The TCP sockets a process listens on: its socket inodes matched against /proc/net/tcp{,6}. */
async function listeningAddresses(pid: number): Promise<string[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const found: string[] = [];
  for (const [file, v6] of [
    ["/proc/net/tcp", false],
    ["/proc/net/tcp6", true],
  ] as const) {
    const table = await readFile(file, "utf8").catch(() => "");
    for (const line of table.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // Column 3 is the state (0A: listening), column 9 the inode.
      if (cols.length < 10 || cols[3] !== "0A" || !inodes.has(cols[9]!)) continue;
      const [hex, port] = cols[1]!.split(":");
      found.push(`${v6 ? ipv6(hex!) : ipv4(hex!)}:${Number.parseInt(port!, 16)}`);
    }
  }
  return found;
}

function ipv4(hex: string): string {
  // Little-endian bytes.
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(".");
}

function ipv6(hex: string): string {
  const words: string[] = [];
  for (let g = 0; g < 4; g++) {
    const group = hex.slice(g * 8, g * 8 + 8);
    const bytes = [6, 4, 2, 0].map((i) => group.slice(i, i + 2)).join("");
    words.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  return `[${words.map((w) => Number.parseInt(w, 16).toString(16)).join(":")}]`;
}
