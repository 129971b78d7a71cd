/**
 * Debian's nginx, started by a test on 127.0.0.1 with its own prefix, config, pid file and logs
 * in a temporary folder, on a free port, as the current user; stopped by `stop()`. Nothing is
 * skipped when nginx is missing: starting fails and says how to install it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const CANDIDATES = ["/usr/sbin/nginx", "/usr/bin/nginx"];

export function findNginx(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("nginx is not installed: the feed tests need Debian's nginx (apt-get install -y nginx)");
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Nginx {
  port: number;
  origin: string;
  /** The folder served as the site's root. */
  root: string;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts nginx with `http` directives, `locations` (config text inside the server block) and
 * `files` written below the root. Relative paths in the config are below the prefix folder.
 */
export async function startNginx(options: {
  /** Directives for the http block (log formats, gzip). */
  http?: string;
  locations?: string;
  files?: Record<string, string | Buffer>;
}): Promise<Nginx> {
  const binary = findNginx();
  const dir = await mkdtemp(join(tmpdir(), "parley-nginx-"));
  const root = join(dir, "www");
  await mkdir(root);
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    await mkdir(join(dir, "tmp", sub), { recursive: true });
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(root, name), content);
  const port = await freePort();
  // As root, workers would switch to "nobody" and could not read the private temporary folder.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};` : "";
  const config = `${user}
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types {
    application/rss+xml rss;
    application/atom+xml atom;
    application/feed+json json;
    application/rdf+xml rdf;
    application/xml xml;
  }
  default_type application/octet-stream;
  ${options.http ?? ""}
  server {
    listen 127.0.0.1:${port};
    root ${root};
    ${options.locations ?? ""}
  }
}
`;
  const confPath = join(dir, "nginx.conf");
  await writeFile(confPath, config);
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", confPath, "-e", join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const errorLog = () => readFile(join(dir, "error.log"), "utf8").catch(() => "");
  try {
    await waitForPort(port, child);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    const log = await errorLog();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`nginx did not start: ${(err as Error).message}\n${stderr}\n${log}`);
  }
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    root,
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("nginx did not listen within 10 s");
}
