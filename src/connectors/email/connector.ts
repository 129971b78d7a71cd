/**
 * Reading one IMAP mailbox and answering by SMTP. The cursor is the mailbox's UIDVALIDITY and the
 * last UID read: a pull fetches what is above that UID, in UID order, a batch at a time; a changed
 * UIDVALIDITY (the server renumbered the mailbox) reads the mailbox again from its start, and the
 * store's unique key on the Message-ID keeps what was already stored from being stored twice.
 * Between pulls the connection stays open; when nothing is new, the pull waits in IDLE (up to
 * `idleWaitMs`) and answers as soon as the server announces a message, so mail arrives in seconds
 * without polling. A server without IDLE is polled every `pollIntervalSeconds`.
 *
 * A reply goes out through SMTP with `In-Reply-To` and `References` taken from the message
 * answered (looked up in the mailbox by its Message-ID), `Subject: Re: …`, and a Message-ID made
 * from the reply's idempotency key. With a Sent folder set, the message is appended there, and a
 * reply whose Message-ID is already in it is not sent again.
 */
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { NormalizedPost } from "../../domain/post.ts";
import type {
  Batch,
  ConnectionCheck,
  Connector,
  OutgoingReply,
  PullContext,
  Reject,
  SentReply,
  SourceConfig,
} from "../contract.ts";
import { isPeerError, PeerError } from "../contract.ts";
import { bareMessageId, messageIds, messageToPost } from "./message.ts";
import type { EmailSettings } from "./settings.ts";
import { sendMail, verifySmtp } from "./smtp.ts";

/** Messages fetched per pull, and bytes of them at most (a message over it is fetched alone). */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 16 * 1024 * 1024;

export interface EmailConnectorOptions {
  /** Connecting, the greeting and each answer: how long before the server counts as hung. */
  timeoutMs?: number;
  /** The longest a pull waits in IDLE for new mail before it answers an empty batch. */
  idleWaitMs?: number;
}

interface Cursor {
  mailbox: string;
  uidValidity: string;
  uid: number;
}

export function readCursor(text: string | null, mailbox: string): Cursor | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<Cursor>;
    if (
      parsed.mailbox === mailbox &&
      typeof parsed.uidValidity === "string" &&
      Number.isSafeInteger(parsed.uid) &&
      (parsed.uid as number) >= 0
    )
      return parsed as Cursor;
  } catch {
    // A cursor from elsewhere starts afresh.
  }
  return null;
}

interface ImapErrorShape {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  responseStatus?: string;
  message?: string;
}

/** An IMAP failure as the runner understands it. */
export function imapPeerError(err: unknown, where: string): PeerError {
  if (isPeerError(err)) return err;
  const e = (err ?? {}) as ImapErrorShape;
  const detail = e.responseText ? `: ${e.responseText}` : "";
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED")
    return new PeerError("refused", `${where} refused the login${detail}`);
  const code = e.code ?? "";
  if (
    code === "GREETING_TIMEOUT" ||
    code === "ETIMEOUT" ||
    code === "CONNECT_TIMEOUT" ||
    code === "ETIMEDOUT"
  )
    return new PeerError("unavailable", `No answer from ${where} in time`);
  if (code === "ENOTFOUND") return new PeerError("refused", `${where}: no such host`);
  if (/certificate|self[- ]signed|CERT_|ERR_TLS|wrong version number/i.test(`${code} ${e.message ?? ""}`))
    return new PeerError("refused", `${where}: TLS failed (${e.message ?? code})`);
  if (code === "ECONNREFUSED")
    return new PeerError("unavailable", `${where} refused the connection (ECONNREFUSED)`);
  if (code) return new PeerError("unavailable", `${where} could not be reached (${code})`);
  return new PeerError("unavailable", `${where} failed: ${e.message ?? String(err)}`);
}

export function imapOptions(settings: EmailSettings, password: string, timeoutMs: number): ImapFlowOptions {
  return {
    host: settings.imapHost,
    port: settings.imapPort,
    secure: settings.imapTls === "tls",
    doSTARTTLS: settings.imapTls === "starttls" ? true : settings.imapTls === "none" ? false : undefined,
    auth: { user: settings.imapUser, pass: password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs, 60_000),
    tls: { servername: settings.imapHost, rejectUnauthorized: true },
    clientInfo: { name: "Parley" },
  } as ImapFlowOptions;
}

/** One IMAP session: connected and logged in, the mailbox opened; an error above the connection. */
async function openSession(
  settings: EmailSettings,
  password: string,
  timeoutMs: number,
  mailbox: string,
): Promise<ImapFlow> {
  const where = `${settings.imapHost}:${settings.imapPort}`;
  const client = new ImapFlow(imapOptions(settings, password, timeoutMs));
  // Errors after the connection also reach the commands that are waiting; this keeps them from
  // being thrown as unhandled events.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.close();
    throw imapPeerError(err, where);
  }
  try {
    await client.mailboxOpen(mailbox);
  } catch (err) {
    await client.logout().catch(() => client.close());
    if ((err as ImapErrorShape).responseStatus === "NO" || (err as ImapErrorShape).responseText)
      throw new PeerError(
        "refused",
        `The mailbox "${mailbox}" cannot be opened: ${(err as ImapErrorShape).responseText ?? "no such mailbox"}`,
      );
    throw imapPeerError(err, where);
  }
  return client;
}

export function createEmailConnector(
  source: SourceConfig<EmailSettings>,
  options: EmailConnectorOptions = {},
): Connector & { send: NonNullable<Connector["send"]>; check(): Promise<ConnectionCheck> } {
  const settings = source.settings;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const idleWaitMs = options.idleWaitMs ?? 10_000;
  const where = `${settings.imapHost}:${settings.imapPort}`;
  const password = source.credentials.imapPassword;
  let client: ImapFlow | null = null;

  async function session(): Promise<ImapFlow> {
    if (!password) throw new PeerError("refused", "The source has no IMAP password");
    if (client?.usable) return client;
    await drop();
    client = await openSession(settings, password, timeoutMs, settings.mailbox);
    return client;
  }

  async function drop(): Promise<void> {
    const c = client;
    client = null;
    if (c) await c.logout().catch(() => c.close());
  }

  /** The first UIDs above `after` (a batch at most) with their sizes, in UID order. */
  async function newer(c: ImapFlow, after: number): Promise<{ uid: number; size: number }[]> {
    if (c.mailbox && c.mailbox.exists === 0) return [];
    // A search answers UIDs alone, so a large backlog costs little until its turn comes.
    const found = await c.search({ uid: `${after + 1}:*` }, { uid: true });
    // `n:*` names the last message even when its UID is below n.
    const uids = (Array.isArray(found) ? found : [])
      .filter((u) => u > after)
      .sort((a, b) => a - b)
      .slice(0, BATCH_MESSAGES);
    if (uids.length === 0) return [];
    const sized = await c.fetchAll(uids.join(","), { uid: true, size: true }, { uid: true });
    return sized.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
  }

  /** Waits in IDLE until the server announces mail, the wait is over or the source stops. */
  async function waitForMail(c: ImapFlow, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    return await new Promise<boolean>((resolve) => {
      let settled = false;
      const done = (arrived: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        c.off("exists", onExists);
        c.off("close", onClose);
        signal.removeEventListener("abort", onAbort);
        resolve(arrived);
      };
      const onExists = () => done(true);
      const onClose = () => done(false);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), idleWaitMs);
      c.on("exists", onExists);
      c.on("close", onClose);
      signal.addEventListener("abort", onAbort, { once: true });
      // The next command ends the IDLE; its own answer is not awaited here.
      c.idle().catch(() => done(false));
    });
  }

  async function pull(cursorText: string | null, context: PullContext): Promise<Batch> {
    let c: ImapFlow;
    try {
      c = await session();
    } catch (err) {
      throw imapPeerError(err, where);
    }
    try {
      const uidValidity = String(c.mailbox ? c.mailbox.uidValidity : "");
      const saved = readCursor(cursorText, settings.mailbox);
      // A mailbox renumbered by its server (a new UIDVALIDITY) is read again from its start.
      const after = saved && saved.uidValidity === uidValidity ? saved.uid : 0;
      let pending = await newer(c, after);
      if (pending.length === 0) {
        const idle = c.capabilities.has("IDLE");
        if (!idle) {
          return {
            posts: [],
            rejects: [],
            cursor: JSON.stringify({ mailbox: settings.mailbox, uidValidity, uid: after }),
            idleMs: settings.pollIntervalSeconds * 1000,
          };
        }
        const arrived = await waitForMail(c, context.signal);
        if (context.signal.aborted || !arrived || !c.usable)
          return {
            posts: [],
            rejects: [],
            cursor: JSON.stringify({ mailbox: settings.mailbox, uidValidity, uid: after }),
          };
        pending = await newer(c, after);
      }
      const chosen: { uid: number; size: number }[] = [];
      let bytes = 0;
      for (const m of pending) {
        if (chosen.length >= BATCH_MESSAGES) break;
        const counted = m.size > settings.maxMessageBytes ? 0 : m.size;
        if (chosen.length > 0 && bytes + counted > BATCH_BYTES) break;
        chosen.push(m);
        bytes += counted;
      }
      const posts: NormalizedPost[] = [];
      const rejects: Reject[] = [];
      const big = chosen.filter((m) => m.size > settings.maxMessageBytes);
      const small = chosen.filter((m) => m.size <= settings.maxMessageBytes);
      const sources = new Map<number, { source: Buffer; internalDate?: Date; size?: number }>();
      if (small.length > 0) {
        for (const m of await c.fetchAll(
          small.map((m) => m.uid).join(","),
          { uid: true, source: true, internalDate: true, size: true },
          { uid: true },
        )) {
          if (m.source)
            sources.set(m.uid, {
              source: m.source,
              internalDate: m.internalDate instanceof Date ? m.internalDate : undefined,
              size: m.size,
            });
        }
      }
      const heads = new Map<number, string>();
      if (big.length > 0) {
        for (const m of await c.fetchAll(
          big.map((m) => m.uid).join(","),
          { uid: true, headers: true },
          { uid: true },
        ))
          heads.set(m.uid, m.headers?.toString("utf8") ?? "");
      }
      const now = context.clock.now();
      for (const m of chosen) {
        if (m.size > settings.maxMessageBytes) {
          rejects.push({
            code: "oversized_payload",
            reason: `Message UID ${m.uid} has ${m.size} bytes; the source takes at most ${settings.maxMessageBytes}`,
            payload: (heads.get(m.uid) ?? "").slice(0, 4096),
          });
          continue;
        }
        const fetched = sources.get(m.uid);
        // Expunged between the listing and the fetch: nothing to read.
        if (!fetched) continue;
        const read = await messageToPost(
          fetched.source,
          {
            mailbox: settings.mailbox,
            uidValidity,
            uid: m.uid,
            internalDate: fetched.internalDate,
            size: fetched.size,
          },
          { brandAddress: settings.fromAddress, now },
        );
        if ("post" in read) posts.push(read.post);
        else rejects.push(read.reject);
      }
      const last = chosen.at(-1)?.uid ?? after;
      const newest = posts.reduce<number>((max, p) => Math.max(max, p.createdAt.getTime()), 0);
      return {
        posts,
        rejects,
        cursor: JSON.stringify({ mailbox: settings.mailbox, uidValidity, uid: last }),
        ...(newest > 0 ? { newestAt: new Date(newest) } : {}),
      };
    } catch (err) {
      // The session is not trusted after a failure: the next pull connects afresh.
      await drop();
      throw imapPeerError(err, where);
    }
  }

  /** The message answered, as the mailbox holds it: its subject, references and who to answer. */
  async function original(c: ImapFlow, messageId: string) {
    const uids = await c.search({ header: { "message-id": `<${messageId}>` } }, { uid: true });
    const uid = Array.isArray(uids) ? uids.at(-1) : undefined;
    if (uid === undefined) return null;
    const m = await c.fetchOne(
      String(uid),
      { uid: true, envelope: true, headers: ["references"] },
      { uid: true },
    );
    if (!m) return null;
    const env = m.envelope;
    const to = env?.replyTo?.[0]?.address ?? env?.from?.[0]?.address;
    return {
      subject: env?.subject ?? "",
      to,
      references: messageIds(m.headers?.toString("utf8").replace(/^references:/i, "") ?? ""),
    };
  }

  async function send(reply: OutgoingReply, context: PullContext): Promise<SentReply> {
    const domain = settings.fromAddress.split("@")[1]!;
    const messageId = `reply-${reply.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "")}@${domain}`;
    const author = {
      platformId: settings.fromAddress.toLowerCase(),
      handle: settings.fromAddress.toLowerCase(),
      ...(settings.fromName ? { name: settings.fromName } : {}),
    };
    let c: ImapFlow;
    try {
      c = await session();
    } catch (err) {
      throw imapPeerError(err, where);
    }
    let found: Awaited<ReturnType<typeof original>>;
    try {
      found = await original(c, reply.inReplyTo);
      if (settings.sentMailbox) {
        const lock = await c.getMailboxLock(settings.sentMailbox);
        try {
          const again = await c.search({ header: { "message-id": `<${messageId}>` } }, { uid: true });
          // Sent before (the job ran again after the send): it is not sent twice.
          if (Array.isArray(again) && again.length > 0) return { platformId: messageId, author };
        } finally {
          lock.release();
        }
        // The session reads the source's mailbox again, should it pull.
        await c.mailboxOpen(settings.mailbox);
      }
    } catch (err) {
      await drop();
      throw imapPeerError(err, where);
    }
    const to =
      found?.to ?? (reply.context?.authorHandle?.includes("@") ? reply.context.authorHandle : undefined);
    if (!to)
      throw new PeerError("refused", "The message answered is not in the mailbox and its sender is unknown");
    const subject = found?.subject
      ? /^\s*re\s*:/i.test(found.subject)
        ? found.subject
        : `Re: ${found.subject}`
      : "Re: your message";
    const references = [
      ...new Set([
        ...(found?.references ?? (reply.context?.rootPlatformId ? [reply.context.rootPlatformId] : [])),
        reply.inReplyTo,
      ]),
    ].slice(-20);
    const createdAt = new Date(context.clock.now());
    const raw = await new MailComposer({
      from: settings.fromName
        ? { name: settings.fromName, address: settings.fromAddress }
        : settings.fromAddress,
      to,
      subject,
      text: reply.text,
      messageId: `<${messageId}>`,
      inReplyTo: `<${reply.inReplyTo}>`,
      references: references.map((r) => `<${r}>`).join(" "),
      date: createdAt,
    })
      .compile()
      .build();
    await sendMail(settings, source.credentials.smtpPassword ?? password ?? "", timeoutMs, {
      from: settings.fromAddress,
      to: [to],
      raw,
    });
    if (settings.sentMailbox) {
      try {
        await c.append(settings.sentMailbox, raw, ["\\Seen"], createdAt);
      } catch {
        // The mail is sent; a Sent copy that failed does not make the reply fail (it would be
        // sent again). The reply is stored as sent by the caller.
      }
    }
    return { platformId: bareMessageId(messageId), author, createdAt };
  }

  async function check(): Promise<ConnectionCheck> {
    const found: string[] = [];
    const problems: string[] = [];
    try {
      const c = await session();
      const count = c.mailbox ? c.mailbox.exists : 0;
      found.push(
        `IMAP ${where}: logged in as ${settings.imapUser}; ${settings.mailbox} holds ${count} message${count === 1 ? "" : "s"} (UIDVALIDITY ${String(c.mailbox ? c.mailbox.uidValidity : "")})`,
      );
      if (c.capabilities.has("IDLE")) found.push("The server pushes new mail (IDLE)");
      else found.push(`The server has no IDLE: the mailbox is read every ${settings.pollIntervalSeconds} s`);
      if (settings.sentMailbox) {
        const folders = await c.list();
        if (!folders.some((f) => f.path === settings.sentMailbox))
          problems.push(`There is no folder "${settings.sentMailbox}" for sent replies`);
      }
    } catch (err) {
      problems.push(imapPeerError(err, where).message);
    }
    try {
      await verifySmtp(settings, source.credentials.smtpPassword ?? password ?? "", timeoutMs);
      found.push(
        `SMTP ${settings.smtpHost}:${settings.smtpPort}: logged in as ${settings.smtpUser ?? settings.imapUser}`,
      );
    } catch (err) {
      problems.push((err as Error).message);
    }
    return { ok: problems.length === 0, found, problems };
  }

  return { pull, send, check, close: drop };
}
