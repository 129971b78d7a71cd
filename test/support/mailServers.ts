/**
 * Debian's Dovecot (IMAP) and Postfix (SMTP), started by a test on 127.0.0.1 with free ports and
 * every file (config, queue, mail, logs, sockets) in a temporary folder. Postfix accepts mail for
 * the mailboxes' domains and delivers it to Maildirs that Dovecot serves; Postfix authenticates
 * SMTP clients through Dovecot's auth service, so both take the same passwords. Nothing is
 * skipped when a server is missing: starting fails and says how to install it.
 *
 * Postfix's master must start as root (it drops to its own `postfix` user); Dovecot runs as the
 * current user when that is not root. Mail is owned by the current user, or by `nobody` when the
 * tests run as root (Dovecot and Postfix refuse to deliver as root).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./nginx.ts";

const run = promisify(execFile);

export interface Mailbox {
  /** The login (and the Maildir's folder name). */
  user: string;
  password: string;
  /** The address Postfix delivers to this mailbox. */
  address: string;
}

export interface MailServers {
  host: string;
  imapPort: number;
  /** IMAP over TLS from the first byte (with `tls: true`; 0 otherwise). */
  imapsPort: number;
  smtpPort: number;
  mailboxes: Mailbox[];
  /** Mail waiting in Postfix's queue or being delivered; 0 once all is delivered. */
  queued(): Promise<number>;
  /** Files delivered to a mailbox's folder (`INBOX` or another). */
  delivered(user: string, mailbox?: string): Promise<string[]>;
  /** Gives a mailbox a new UIDVALIDITY, as a server does when it rebuilds the mailbox. */
  newUidValidity(user: string, mailbox?: string): Promise<number>;
  logs(): Promise<string>;
  stop(): Promise<void>;
}

function need(binary: string, pkg: string): string {
  if (existsSync(binary)) return binary;
  throw new Error(`${binary} is missing: the email tests need Debian's ${pkg} (apt-get install -y ${pkg})`);
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
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
  throw new Error(`${name} did not listen within 15 s`);
}

function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  return exited.finally(() => clearTimeout(timer));
}

/**
 * Starts both servers with these mailboxes (addresses in any domains). `smtp: false` starts
 * Dovecot alone.
 */
export async function startMailServers(options: {
  mailboxes: Mailbox[];
  smtp?: boolean;
  /** Dovecot also speaks TLS (IMAPS, and STARTTLS on the plain port) with a fresh self-signed certificate. */
  tls?: boolean;
}): Promise<MailServers> {
  const dovecot = need("/usr/sbin/dovecot", "dovecot-imapd");
  const withSmtp = options.smtp !== false;
  const postfix = withSmtp ? need("/usr/sbin/postfix", "postfix") : "";
  const root = process.getuid?.() === 0;
  if (withSmtp && !root) throw new Error("Postfix's master must be started as root");
  const dir = await mkdtemp(join(tmpdir(), "parley-mail-"));
  const mailRoot = join(dir, "mail");
  const run_ = join(dir, "run");
  for (const d of [mailRoot, run_, join(dir, "state"), join(dir, "postfix")])
    await mkdir(d, { recursive: true });
  // Dovecot's and Postfix's own users must reach the users file, the auth socket and the mail.
  await chmod(dir, 0o711);
  const me = userInfo();
  // As root, mail belongs to `nobody` (uid 65534), which Postfix's virtual agent may write as.
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  for (const box of options.mailboxes) {
    const home = join(mailRoot, box.user);
    await mkdir(home, { recursive: true });
    if (root) await chown(home, mailUid, mailGid);
  }
  if (root) await chown(mailRoot, mailUid, mailGid);

  const imapPort = await freePort();
  const imapsPort = options.tls ? await freePort() : 0;
  if (options.tls) {
    await run("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=127.0.0.1",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ]);
    await chmod(join(dir, "key.pem"), 0o644);
  }
  const users = options.mailboxes
    .map((b) => `${b.user}:{PLAIN}${b.password}:${mailUid}:${mailGid}::${join(mailRoot, b.user)}::`)
    .join("\n");
  await writeFile(join(dir, "users"), `${users}\n`, { mode: 0o644 });
  const internalUser = root ? "dovecot" : me.username;
  const loginUser = root ? "dovenull" : me.username;
  const dovecotConf = `
base_dir = ${run_}
state_dir = ${join(dir, "state")}
instance_name = parley-test-${imapPort}
log_path = ${join(dir, "dovecot.log")}
protocols = imap
listen = 127.0.0.1
${options.tls ? `ssl = yes\nssl_cert = <${join(dir, "cert.pem")}\nssl_key = <${join(dir, "key.pem")}` : "ssl = no"}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_internal_group = ${root ? "dovecot" : userInfo().username}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(mailUid, 500)}
first_valid_gid = 0
mail_location = maildir:~/Maildir
mail_plugins =
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${join(dir, "users")}
}
userdb {
  driver = passwd-file
  args = username_format=%n ${join(dir, "users")}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
  }
  ${root ? "" : `user = ${me.username}`}
}
service auth {
  unix_listener ${join(dir, "postfix", "auth")} {
    mode = 0666
  }
  ${root ? "" : `user = ${me.username}`}
}
service auth-worker {
  ${root ? "" : `user = ${me.username}`}
}
service anvil {
  ${root ? "" : `user = ${me.username}`}
}
service stats {
  ${root ? "" : `user = ${me.username}`}
}
service imap {
  ${root ? "" : `user = ${me.username}`}
}
service imap-hibernate {
  ${root ? "" : `user = ${me.username}`}
}
protocol imap {
  imap_idle_notify_interval = 1 secs
}
`;
  const confPath = join(dir, "dovecot.conf");
  await writeFile(confPath, dovecotConf);
  const children: { child: ChildProcess; exited: Promise<void> }[] = [];
  const logs = async () => {
    const parts: string[] = [];
    for (const f of ["dovecot.log", "postfix/maillog"])
      parts.push(`--- ${f}\n${await readFile(join(dir, f), "utf8").catch(() => "")}`);
    return parts.join("\n");
  };
  const start = (binary: string, args: string[], name: string) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    children.push({ child, exited });
    return { child, stderr: () => `${name}: ${stderr}` };
  };
  let postfixDir: string | null = null;
  const stopAll = async () => {
    if (postfixDir) {
      // The master runs apart from the command that started it: stop it by its own pid.
      const pid = Number(
        await readFile(join(postfixDir, "queue", "pid", "master.pid"), "utf8").catch(() => ""),
      );
      if (pid > 0) {
        try {
          process.kill(pid, "SIGTERM");
          for (let i = 0; i < 100; i++) {
            process.kill(pid, 0);
            await new Promise((r) => setTimeout(r, 50));
          }
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    }
    for (const c of [...children].reverse()) await stopChild(c.child, c.exited);
  };

  let smtpPort = 0;
  try {
    const dc = start(dovecot, ["-F", "-c", confPath], "dovecot");
    await waitForPort(imapPort, dc.child, "dovecot").catch(async (err) => {
      throw new Error(`${(err as Error).message}\n${dc.stderr()}\n${await logs()}`);
    });
    if (withSmtp) {
      smtpPort = await freePort();
      const pf = join(dir, "postfix");
      const domains = [...new Set(options.mailboxes.map((b) => b.address.split("@")[1]!))];
      await writeFile(
        join(pf, "vmailbox"),
        `${options.mailboxes.map((b) => `${b.address} ${b.user}/Maildir/`).join("\n")}\n`,
      );
      await writeFile(
        join(pf, "main.cf"),
        `compatibility_level = 3.6
queue_directory = ${join(pf, "queue")}
data_directory = ${join(pf, "data")}
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${join(pf, "maillog")}
maillog_file_prefixes = ${dir}
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = mail.parley.test
mydomain = parley.test
myorigin = parley.test
mydestination =
mynetworks = 127.0.0.0/8
relayhost =
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = yes
append_dot_mydomain = no
virtual_mailbox_domains = ${domains.join(" ")}
virtual_mailbox_base = ${mailRoot}
virtual_mailbox_maps = texthash:${join(pf, "vmailbox")}
virtual_uid_maps = static:${mailUid}
virtual_gid_maps = static:${mailGid}
virtual_minimum_uid = ${Math.min(mailUid, 100)}
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${join(pf, "auth")}
smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated reject_unauth_destination
message_size_limit = 20480000
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
`,
      );
      await writeFile(
        join(pf, "master.cf"),
        `127.0.0.1:${smtpPort} inet n - n - - smtpd
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
virtual unix - n n - - virtual
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
`,
      );
      await mkdir(join(pf, "queue"), { recursive: true });
      await mkdir(join(pf, "data"), { recursive: true });
      const postfixUser = await run("id", ["-u", "postfix"]).then((r) => Number(r.stdout.trim()));
      await chown(join(pf, "data"), postfixUser, 0);
      // The queue's folders with the owners and modes Postfix checks (as its set-permissions makes them).
      const postdrop = await run("getent", ["group", "postdrop"]).then((r) => Number(r.stdout.split(":")[2]));
      const queue = join(pf, "queue");
      for (const [name, mode, group] of [
        ["active", 0o700, 0],
        ["bounce", 0o700, 0],
        ["corrupt", 0o700, 0],
        ["defer", 0o700, 0],
        ["deferred", 0o700, 0],
        ["flush", 0o700, 0],
        ["hold", 0o700, 0],
        ["incoming", 0o700, 0],
        ["private", 0o700, 0],
        ["saved", 0o700, 0],
        ["trace", 0o700, 0],
        ["maildrop", 0o730, postdrop],
        ["public", 0o710, postdrop],
      ] as const) {
        await mkdir(join(queue, name), { mode });
        await chown(join(queue, name), postfixUser, group || postfixUser);
        await chmod(join(queue, name), mode);
      }
      await mkdir(join(queue, "pid"), { mode: 0o755 });
      // The folders are made as Postfix wants them: its start-up checks (seconds) are skipped.
      await writeFile(join(queue, "quick-start"), "");
      postfixDir = pf;
      const pfx = start(postfix, ["-c", pf, "start-fg"], "postfix");
      await waitForPort(smtpPort, pfx.child, "postfix").catch(async (err) => {
        throw new Error(`${(err as Error).message}\n${pfx.stderr()}\n${await logs()}`);
      });
    }
  } catch (err) {
    await stopAll();
    if (!process.env.KEEPMAIL) await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const folder = (user: string, mailbox = "INBOX") =>
    join(mailRoot, user, "Maildir", mailbox === "INBOX" ? "" : `.${mailbox}`);

  return {
    host: "127.0.0.1",
    imapPort,
    imapsPort,
    smtpPort,
    mailboxes: options.mailboxes,
    async queued() {
      let n = 0;
      for (const q of ["incoming", "active", "deferred", "maildrop"]) {
        const walk = async (d: string): Promise<void> => {
          for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
            if (e.isDirectory()) await walk(join(d, e.name));
            else n++;
          }
        };
        await walk(join(dir, "postfix", "queue", q));
      }
      return n;
    },
    async delivered(user, mailbox) {
      const base = folder(user, mailbox);
      const files: string[] = [];
      for (const sub of ["new", "cur"])
        for (const f of await readdir(join(base, sub)).catch(() => [])) files.push(join(base, sub, f));
      return files;
    },
    async newUidValidity(user, mailbox = "INBOX") {
      const base = folder(user, mailbox);
      const list = await readFile(join(base, "dovecot-uidlist"), "utf8");
      const current = Number(/^\d+ V(\d+)/.exec(list)?.[1]);
      const next = current + 1000;
      await run("/usr/bin/doveadm", [
        "-c",
        confPath,
        "mailbox",
        "update",
        "--uid-validity",
        String(next),
        "-u",
        user,
        mailbox,
      ]);
      return next;
    },
    logs,
    async stop() {
      await stopAll();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
