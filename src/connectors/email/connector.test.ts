/** The email connector against Debian's Dovecot and Postfix, started on 127.0.0.1 by the tests. */
import { createServer, type Server } from "node:net";
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendMail, plainMail } from "../../../test/support/mail.ts";
import { type MailServers, startMailServers } from "../../../test/support/mailServers.ts";
import { freePort } from "../../../test/support/nginx.ts";
import { ManualClock } from "../../domain/clock.ts";
import { PeerError, type PullContext } from "../contract.ts";
import { createEmailConnector, readCursor } from "./connector.ts";
import { type EmailSettings, emailSettings } from "./settings.ts";

const brand = { user: "brand", password: "brand-pass", address: "help@lumen.test" };
const ana = { user: "ana", password: "ana-pass", address: "ana@example.test" };
const uv = { user: "uv", password: "uv-pass", address: "uv@lumen.test" };
const idle = { user: "idle", password: "idle-pass", address: "idle@lumen.test" };
const noSent = { user: "nosent", password: "nosent-pass", address: "nosent@lumen.test" };

let servers: MailServers;
const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
const context = (): PullContext => ({ clock, signal: new AbortController().signal });

beforeAll(async () => {
  servers = await startMailServers({ mailboxes: [brand, ana, uv, idle, noSent] });
}, 60_000);
afterAll(async () => {
  await servers?.stop();
});

function settingsFor(
  login: { user: string; address: string },
  extra: Partial<EmailSettings> = {},
): EmailSettings {
  return emailSettings.parse({
    imapHost: "127.0.0.1",
    imapPort: servers.imapPort,
    imapTls: "none",
    imapUser: login.user,
    smtpHost: "127.0.0.1",
    smtpPort: servers.smtpPort,
    smtpTls: "none",
    fromAddress: login.address,
    fromName: "Lumen Help",
    ...extra,
  });
}

function connectorFor(
  login: { user: string; password: string; address: string },
  extra: Partial<EmailSettings> = {},
  credentials: Record<string, string> = { imapPassword: login.password },
) {
  return createEmailConnector(
    {
      id: "s1",
      workspaceId: "w1",
      kind: "email",
      name: "Mail",
      settings: settingsFor(login, extra),
      credentials,
    },
    { timeoutMs: 2000, idleWaitMs: 400 },
  );
}

/** Sends through Postfix as a customer's mail program would, and waits until it is delivered. */
async function deliver(message: Buffer, to: string, from = ana): Promise<void> {
  const t = createTransport({
    host: "127.0.0.1",
    port: servers.smtpPort,
    secure: false,
    ignoreTLS: true,
    auth: { user: from.user, pass: from.password },
  });
  await t.sendMail({ envelope: { from: from.address, to: [to] }, raw: message });
  t.close();
  await drained();
}

async function drained(): Promise<void> {
  const end = Date.now() + 15_000;
  while ((await servers.queued()) > 0) {
    if (Date.now() > end) throw new Error(`mail stayed queued\n${await servers.logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readAll(user: string, password: string, mailbox = "INBOX"): Promise<string[]> {
  const c = new ImapFlow({
    host: "127.0.0.1",
    port: servers.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
  });
  await c.connect();
  try {
    await c.mailboxOpen(mailbox);
    if (!c.mailbox || c.mailbox.exists === 0) return [];
    const all = await c.fetchAll("1:*", { source: true });
    return all.map((m) => m.source!.toString("utf8"));
  } finally {
    await c.logout();
  }
}

describe("the email connector on Dovecot and Postfix", () => {
  it("reads mail delivered by SMTP, in UID order, from its cursor", async () => {
    const connector = connectorFor(brand);
    try {
      await deliver(
        plainMail({ id: "r1@example.test", subject: "Bill", text: "Charged twice" }),
        brand.address,
      );
      await deliver(plainMail({ id: "r2@example.test", subject: "Signal" }), brand.address);
      const first = await connector.pull(null, context());
      expect(first.posts.map((p) => p.platformId)).toEqual(["r1@example.test", "r2@example.test"]);
      expect(first.posts[0]).toMatchObject({
        text: "Bill\n\nCharged twice",
        channel: "private",
        author: { handle: "ana@example.test", name: "Ana Lima" },
      });
      const cursor = readCursor(first.cursor, "INBOX")!;
      expect(cursor.uid).toBe(2);
      await deliver(plainMail({ id: "r3@example.test" }), brand.address);
      const next = await connector.pull(first.cursor, context());
      expect(next.posts.map((p) => p.platformId)).toEqual(["r3@example.test"]);
      // Nothing newer: the pull waits in IDLE, then answers an empty batch at its place.
      const empty = await connector.pull(next.cursor, context());
      expect(empty.posts).toEqual([]);
      expect(readCursor(empty.cursor, "INBOX")!.uid).toBe(3);
    } finally {
      await connector.close?.();
    }
  });

  it("wakes from IDLE as soon as mail arrives", async () => {
    const connector = createEmailConnector(
      {
        id: "s1",
        workspaceId: "w1",
        kind: "email",
        name: "Mail",
        settings: settingsFor(idle),
        credentials: { imapPassword: idle.password },
      },
      // A wait far longer than the test: only the server's announcement ends it.
      { timeoutMs: 2000, idleWaitMs: 60_000 },
    );
    try {
      const start = await connector.pull(null, { clock, signal: AbortSignal.timeout(1000) });
      expect(start.posts).toEqual([]);
      const waiting = connector.pull(start.cursor, context());
      await new Promise((r) => setTimeout(r, 300));
      await deliver(plainMail({ id: "idle-1@example.test" }), idle.address);
      const batch = await waiting;
      expect(batch.posts.map((p) => p.platformId)).toEqual(["idle-1@example.test"]);
    } finally {
      await connector.close?.();
    }
  });

  it("reads a renumbered mailbox (new UIDVALIDITY) again from its start without new ids", async () => {
    const connector = connectorFor(uv);
    try {
      await appendMail(servers, uv, [
        plainMail({ id: "u1@example.test" }),
        plainMail({ id: "u2@example.test" }),
      ]);
      const first = await connector.pull(null, context());
      expect(first.posts.map((p) => p.platformId)).toEqual(["u1@example.test", "u2@example.test"]);
      const before = readCursor(first.cursor, "INBOX")!;
      await connector.close?.();
      const validity = await servers.newUidValidity(uv.user);
      await appendMail(servers, uv, [plainMail({ id: "u3@example.test" })]);
      const again = await connector.pull(first.cursor, context());
      const after = readCursor(again.cursor, "INBOX")!;
      expect(after.uidValidity).toBe(String(validity));
      expect(after.uidValidity).not.toBe(before.uidValidity);
      // Read again from UID 1: the same Message-IDs (stored once by the store's key) and the new one.
      expect(again.posts.map((p) => p.platformId)).toEqual([
        "u1@example.test",
        "u2@example.test",
        "u3@example.test",
      ]);
    } finally {
      await connector.close?.();
    }
  });

  it("is refused with a wrong password, and says so", async () => {
    const connector = connectorFor(brand, {}, { imapPassword: "wrong" });
    const err = await connector.pull(null, context()).catch((e) => e);
    expect(err).toBeInstanceOf(PeerError);
    expect(err).toMatchObject({ kind: "refused" });
    expect(err.message).toMatch(/127\.0\.0\.1:\d+ refused the login/);
  });

  it("is refused for a mailbox that does not exist", async () => {
    const connector = connectorFor(brand, { mailbox: "Nowhere" });
    const err = await connector.pull(null, context()).catch((e) => e);
    expect(err).toMatchObject({ kind: "refused" });
    expect(err.message).toMatch(/mailbox "Nowhere" cannot be opened/);
  });

  it("is unavailable when nothing listens, or the server never greets", async () => {
    const closed = await freePort();
    const refused = await connectorFor(brand, { imapPort: closed })
      .pull(null, context())
      .catch((e) => e);
    expect(refused).toMatchObject({ kind: "unavailable" });
    expect(refused.message).toMatch(/ECONNREFUSED/);
    const port = await freePort();
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", resolve));
    try {
      const hung = await connectorFor(brand, { imapPort: port })
        .pull(null, context())
        .catch((e) => e);
      expect(hung).toMatchObject({ kind: "unavailable" });
      expect(hung.message).toMatch(/No answer from 127\.0\.0\.1:\d+ in time/);
    } finally {
      silent.close();
    }
  });

  it("answers in the thread: the reply reaches the customer with In-Reply-To, References and Re:", async () => {
    const connector = connectorFor(
      brand,
      { sentMailbox: "Sent" },
      {
        imapPassword: brand.password,
        smtpPassword: brand.password,
      },
    );
    try {
      await deliver(
        plainMail({
          id: "t2@example.test",
          subject: "Roaming charges",
          inReplyTo: "t1@lumen.test",
          references: ["t0@example.test", "t1@lumen.test"],
        }),
        brand.address,
      );
      const sent = await connector.send(
        {
          idempotencyKey: "rep-1",
          text: "We refunded the roaming charge.",
          inReplyTo: "t2@example.test",
          channel: "private",
          context: { authorHandle: "ana@example.test", rootPlatformId: "t0@example.test" },
        },
        context(),
      );
      expect(sent).toMatchObject({
        platformId: "reply-rep-1@lumen.test",
        author: { handle: "help@lumen.test" },
      });
      await drained();
      const inbox = await readAll(ana.user, ana.password);
      const reply = inbox.find((m) => m.includes("reply-rep-1@lumen.test"));
      expect(reply).toBeDefined();
      expect(reply).toMatch(/^Message-ID: <reply-rep-1@lumen\.test>\r$/im);
      expect(reply).toMatch(/^In-Reply-To: <t2@example\.test>\r$/im);
      expect(reply).toMatch(/^References: <t0@example\.test> <t1@lumen\.test> <t2@example\.test>\r$/im);
      expect(reply).toMatch(/^Subject: Re: Roaming charges\r$/im);
      expect(reply).toMatch(/^From: Lumen Help <help@lumen\.test>\r$/im);
      expect(reply).toMatch(/We refunded the roaming charge\./);
      // A copy is in Sent, so the same reply sent again is recognised and not sent twice.
      expect(
        (await readAll(brand.user, brand.password, "Sent")).filter((m) => m.includes("rep-1")),
      ).toHaveLength(1);
      const again = await connector.send(
        {
          idempotencyKey: "rep-1",
          text: "We refunded the roaming charge.",
          inReplyTo: "t2@example.test",
          channel: "private",
        },
        context(),
      );
      expect(again.platformId).toBe("reply-rep-1@lumen.test");
      await drained();
      expect((await readAll(ana.user, ana.password)).filter((m) => m.includes("reply-rep-1@"))).toHaveLength(
        1,
      );
    } finally {
      await connector.close?.();
    }
  });

  it("refuses a reply when the SMTP server refuses the login", async () => {
    await deliver(plainMail({ id: "s1@example.test" }), noSent.address);
    const connector = connectorFor(noSent, {}, { imapPassword: noSent.password, smtpPassword: "wrong" });
    try {
      const err = await connector
        .send(
          { idempotencyKey: "rep-2", text: "Hello", inReplyTo: "s1@example.test", channel: "private" },
          context(),
        )
        .catch((e) => e);
      expect(err).toMatchObject({ kind: "refused" });
      expect(err.message).toMatch(/refused the login/);
    } finally {
      await connector.close?.();
    }
  });

  it("checks a connection: what the mailbox holds, IDLE, the Sent folder and the SMTP login", async () => {
    const good = connectorFor(brand, { sentMailbox: "Sent" });
    try {
      const found = await good.check();
      expect(found.ok).toBe(true);
      expect(found.problems).toEqual([]);
      expect(found.found[0]).toMatch(
        /^IMAP 127\.0\.0\.1:\d+: logged in as brand; INBOX holds \d+ messages \(UIDVALIDITY \d+\)$/,
      );
      expect(found.found.slice(1)).toEqual([
        "The server pushes new mail (IDLE)",
        `SMTP 127.0.0.1:${servers.smtpPort}: logged in as brand`,
      ]);
    } finally {
      await good.close?.();
    }
    const bad = connectorFor(
      brand,
      { sentMailbox: "Outbox" },
      { imapPassword: "wrong", smtpPassword: "wrong" },
    );
    const found = await bad.check();
    expect(found.ok).toBe(false);
    expect(found.found).toEqual([]);
    expect(found.problems).toHaveLength(2);
    expect(found.problems[0]).toMatch(/IMAP|refused the login/);
    expect(found.problems[1]).toMatch(/refused the login/);
    const noFolder = connectorFor(brand, { sentMailbox: "Outbox" });
    try {
      expect((await noFolder.check()).problems).toEqual(['There is no folder "Outbox" for sent replies']);
    } finally {
      await noFolder.close?.();
    }
  });
});

describe("the email connector and TLS", () => {
  let tlsServers: MailServers;
  beforeAll(async () => {
    tlsServers = await startMailServers({ mailboxes: [brand], smtp: false, tls: true });
  }, 60_000);
  afterAll(async () => {
    await tlsServers?.stop();
  });

  it("refuses a server whose certificate does not verify, over TLS and STARTTLS alike", async () => {
    for (const [imapTls, port] of [
      ["tls", tlsServers.imapsPort],
      ["starttls", tlsServers.imapPort],
    ] as const) {
      const connector = createEmailConnector(
        {
          id: "s1",
          workspaceId: "w1",
          kind: "email",
          name: "Mail",
          settings: emailSettings.parse({
            imapHost: "127.0.0.1",
            imapPort: port,
            imapTls,
            imapUser: brand.user,
            smtpHost: "127.0.0.1",
            fromAddress: brand.address,
          }),
          credentials: { imapPassword: brand.password },
        },
        { timeoutMs: 3000, idleWaitMs: 100 },
      );
      const err = await connector.pull(null, context()).catch((e) => e);
      expect(err).toMatchObject({ kind: "refused" });
      expect(err.message).toMatch(/TLS failed \(.*self[- ]signed/);
    }
  });
});

describe("email settings", () => {
  it("refuse a plaintext connection to another machine", () => {
    const parsed = emailSettings.safeParse({
      imapHost: "mail.example.com",
      imapTls: "none",
      imapUser: "u",
      smtpHost: "mail.example.com",
      fromAddress: "help@lumen.test",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["imapTls"] });
    expect(
      emailSettings.parse({
        imapHost: "mail.example.com",
        imapUser: "u",
        smtpHost: "mail.example.com",
        fromAddress: "help@lumen.test",
      }),
    ).toMatchObject({ imapPort: 993, imapTls: "tls", smtpPort: 587, smtpTls: "starttls", mailbox: "INBOX" });
  });
});
