/**
 * Starts a local AT Protocol network (PLC directory, PDS, AppView with its Bsync and Ozone) from
 * `@atproto/dev-env`, on 127.0.0.1 only, and serves it to the process that spawned this one.
 *
 * Its services call `listen(port)` with no host, which binds every interface; every listen in this
 * process is pinned to loopback before they start. Prints one JSON line with the addresses when
 * ready, then reads commands on standard input: `sync` waits until the AppView has indexed
 * everything the PDS wrote (answers `synced`); `expired-token <did>` answers an access token the
 * PDS itself would have issued to that account two hours ago, now expired, signed with its key;
 * `jetstream` starts a Jetstream reading the PDS's firehose (`jetstream.ts`) once and answers
 * `jetstream <url>`; `jetstream-drop` cuts its connections (answers `dropped`); end of input
 * closes the network and exits.
 */
import net from "node:net";
import readline from "node:readline";
import * as jose from "jose";
import pg from "pg";
import { type JetstreamBridge, startJetstreamBridge } from "./jetstream.ts";

const LOOPBACK = "127.0.0.1";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function pinnedListen(this: net.Server, ...args: unknown[]) {
  const [first] = args;
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    const rest = args.slice(1).filter((a) => typeof a === "function");
    return listen.call(this, Number(first), LOOPBACK, ...(rest as [() => void]));
  }
  if (first && typeof first === "object" && !("host" in first)) {
    return listen.call(this, { ...(first as object), host: LOOPBACK }, ...(args.slice(1) as [() => void]));
  }
  return listen.apply(this, args as Parameters<typeof listen>);
} as typeof listen;

const databaseUrl = process.env.PDS_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
process.env.REDIS_HOST ??= "127.0.0.1:6379";
// Schema names may hold only letters and underscores.
const letters = (n: number) =>
  [...n.toString(26)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 26))).join("");
const schema = `parley_pds_${letters(process.pid)}_${letters(Date.now())}`;

const { TestNetwork } = await import("@atproto/dev-env");
const network = await TestNetwork.create({ dbPostgresUrl: databaseUrl, dbPostgresSchema: schema });

process.stdout.write(
  `${JSON.stringify({ pds: network.pds.url, appview: network.bsky.url, plc: network.plc.url, schema })}\n`,
);

let bridge: Promise<JetstreamBridge> | undefined;

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await bridge?.then((b) => b.close()).catch(() => undefined);
  await network.close().catch((err: unknown) => process.stderr.write(`close: ${String(err)}\n`));
  // Each run's schemas are its own; drop them so repeated runs leave nothing behind.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const prefix of ["appview_", "bsync_", "ozone_", ""]) {
    await client.query(`DROP SCHEMA IF EXISTS "${prefix}${schema}" CASCADE`).catch(() => undefined);
  }
  await client.end();
  process.exit(0);
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === "expired-token" && arg) {
    const now = Math.floor(Date.now() / 1000);
    new jose.SignJWT({ scope: "com.atproto.access" })
      .setProtectedHeader({ typ: "at+jwt", alg: "HS256" })
      .setAudience(network.pds.ctx.cfg.service.did)
      .setSubject(arg)
      .setIssuedAt(now - 7300)
      .setExpirationTime(now - 100)
      .sign(network.pds.jwtSecretKey())
      .then((token) => process.stdout.write(`token ${token}\n`));
  }
  if (command === "jetstream") {
    bridge ??= startJetstreamBridge(network.pds.url, network.pds.ctx.idResolver);
    bridge
      .then((b) => process.stdout.write(`jetstream ${b.url}\n`))
      .catch((err: unknown) => process.stdout.write(`jetstream failed: ${String(err)}\n`));
  }
  if (command === "jetstream-drop") {
    if (!bridge) process.stdout.write("jetstream failed: not started\n");
    else void bridge.then((b) => b.drop()).then(() => process.stdout.write("dropped\n"));
  }
  if (command === "sync") {
    network
      .processAll()
      .then(() => process.stdout.write("synced\n"))
      .catch((err: unknown) => process.stdout.write(`sync failed: ${String(err)}\n`));
  }
});
lines.on("close", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
