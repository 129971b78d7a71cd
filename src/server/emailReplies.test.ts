/**
 * The whole loop on email, against Debian's Postfix and Dovecot on 127.0.0.1: a customer's mail
 * sent through SMTP becomes a work item, the agent's reply reaches the customer's mailbox in the
 * thread, the customer's answer joins the same conversation; the ingest process stopped mid-way and
 * started again loses and repeats nothing; a wrong password stops the source and its health says why.
 */
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { plainMail } from "../../test/support/mail.ts";
import { type MailServers, startMailServers } from "../../test/support/mailServers.ts";
import { startSourceRunner } from "../connectors/runner.ts";
import { ManualClock } from "../domain/clock.ts";
import { startWorker } from "../jobs/runner.ts";
import { sql } from "../store/orm.ts";

const brand = { user: "brand", password: "brand-pass", address: "help@lumen.test" };
const ana = { user: "ana", password: "ana-pass", address: "ana@example.test" };

describe.each(appBackends)("answering email on $name", ({ postgres }) => {
  let t: TestApp;
  let servers: MailServers;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
    servers = await startMailServers({ mailboxes: [brand, ana] });
    t = await testApp({ postgres, core: { clock, credentialsKey: "a-test-key-of-at-least-32-characters" } });
  }, 60_000);
  afterEach(async () => {
    await t.close();
    await servers.stop();
  });

  const mailSettings = () => ({
    imapHost: "127.0.0.1",
    imapPort: servers.imapPort,
    imapTls: "none",
    imapUser: brand.user,
    smtpHost: "127.0.0.1",
    smtpPort: servers.smtpPort,
    smtpTls: "none",
    fromAddress: brand.address,
    sentMailbox: "Sent",
  });

  async function addSource(password = brand.password): Promise<string> {
    const admin = await t.signIn("admin");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
      payload: {
        kind: "email",
        name: "Lumen help mailbox",
        settings: {
          imapHost: "127.0.0.1",
          imapPort: servers.imapPort,
          imapTls: "none",
          imapUser: brand.user,
          smtpHost: "127.0.0.1",
          smtpPort: servers.smtpPort,
          smtpTls: "none",
          fromAddress: brand.address,
          fromName: "Lumen Help",
          sentMailbox: "Sent",
        },
        credentials: { imapPassword: password, smtpPassword: password },
      },
    });
    expect(created.statusCode).toBe(201);
    return created.json().source.id as string;
  }

  async function send(messages: Buffer[]): Promise<void> {
    const tr = createTransport({
      host: "127.0.0.1",
      port: servers.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: ana.user, pass: ana.password },
      pool: true,
    });
    for (const raw of messages)
      await tr.sendMail({ envelope: { from: ana.address, to: [brand.address] }, raw });
    tr.close();
    const end = Date.now() + 30_000;
    while ((await servers.queued()) > 0) {
      if (Date.now() > end) throw new Error("mail stayed queued");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const runner = () =>
    startSourceRunner({ store: t.core.store, pipeline: t.core.pipeline, box: t.core.box, clock, scanMs: 0 });

  async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function storedEmailIds(): Promise<string[]> {
    const rows = await t.core.database.rows<{ platform_id: string }>(
      sql`select platform_id from posts where workspace_id = ${t.workspaceId} and platform = 'email'`,
    );
    return rows.map((r) => r.platform_id);
  }

  async function customerInbox(): Promise<string[]> {
    const c = new ImapFlow({
      host: "127.0.0.1",
      port: servers.imapPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: ana.user, pass: ana.password },
      logger: false,
    });
    await c.connect();
    try {
      await c.mailboxOpen("INBOX");
      if (!c.mailbox || c.mailbox.exists === 0) return [];
      return (await c.fetchAll("1:*", { source: true })).map((m) => m.source!.toString("utf8"));
    } finally {
      await c.logout();
    }
  }

  it("turns a customer's mail into a work item and delivers the agent's reply in the thread", async () => {
    await addSource();
    await send([
      plainMail({
        id: "q1@example.test",
        subject: "Charged twice",
        text: "Hello, I was charged twice for November. Can you check?",
      }),
    ]);
    const r = runner();
    await r.scan();
    await until(
      async () => (await t.core.store.views.workItems(t.workspaceId, { limit: 10 })).length > 0,
      "the work item",
    );
    await r.stop();
    const [item] = await t.core.store.views.workItems(t.workspaceId, { limit: 10 });
    expect(item).toMatchObject({
      post: { platform: "email", platformId: "q1@example.test", channel: "private" },
    });

    const agent = await t.signIn("agent");
    await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/claim`,
      headers: { cookie: agent.cookie },
    });
    const channel = await t.app.inject({
      method: "GET",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
    });
    expect(channel.json().channel).toMatchObject({
      platform: "email",
      unavailable: null,
      suggested: "private",
    });
    const queued = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${item!.id}/replies`,
      headers: { cookie: agent.cookie },
      payload: { text: "Sorry, Ana: the second charge is refunded today.", channel: "private" },
    });
    expect(queued.statusCode).toBe(202);
    const replyId = queued.json().id as string;
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: t.core.jobs.filter((j) => j.name === "reply.send"),
      pollMs: 0,
    });
    expect(await worker.tick()).toBe(1);
    await worker.stop();

    const replyMessageId = `reply-${replyId.replace(/[^A-Za-z0-9._-]/g, "")}@lumen.test`;
    await until(async () => (await servers.queued()) === 0, "the reply's delivery");
    const received = (await customerInbox()).filter((m) => m.includes(replyMessageId));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^In-Reply-To: <q1@example\.test>\r$/im);
    expect(received[0]).toMatch(/^References: <q1@example\.test>\r$/im);
    expect(received[0]).toMatch(/^Subject: Re: Charged twice\r$/im);
    expect(received[0]).toMatch(/the second charge is refunded today/);

    const stored = await t.core.store.replies.get(t.workspaceId, replyId);
    expect(stored).toMatchObject({ status: "sent", platformId: replyMessageId });

    // The customer answers the reply; it joins the same conversation.
    await send([
      plainMail({
        id: "q2@example.test",
        subject: "Re: Charged twice",
        text: "Thank you!\n\nOn Tue, Lumen Help wrote:\n> Sorry, Ana",
        inReplyTo: replyMessageId,
        date: new Date(clock.now() + 60_000),
        references: ["q1@example.test", replyMessageId],
      }),
    ]);
    const again = runner();
    await again.scan();
    await until(async () => (await storedEmailIds()).includes("q2@example.test"), "the customer's answer");
    await again.stop();
    const thread = await t.core.store.views.conversationPosts(t.workspaceId, item!.conversationId);
    expect(thread.map((p) => [p.platformId, p.author.handle, Boolean(p.author.isBrand)])).toEqual([
      ["q1@example.test", "ana@example.test", false],
      [replyMessageId, "help@lumen.test", true],
      ["q2@example.test", "ana@example.test", false],
    ]);
    expect(thread[2]!.text).toBe("Re: Charged twice\n\nThank you!");
  });

  it("loses and repeats nothing when the ingest process stops mid-way and starts again", async () => {
    const id = await addSource();
    const ids = Array.from({ length: 130 }, (_, i) => `bulk-${i}@example.test`);
    await send(ids.map((m, i) => plainMail({ id: m, subject: `Question ${i}` })));
    const first = runner();
    await first.scan();
    // Batches hold 50 messages: stopped after the first, with the rest still to read.
    await until(async () => (await t.core.store.sources.get(id))!.postsTotal >= 50, "the first batch");
    await first.stop();
    const midway = (await storedEmailIds()).length;
    expect(midway).toBeGreaterThanOrEqual(50);
    expect(midway).toBeLessThan(ids.length);
    const second = runner();
    await second.scan();
    await until(async () => (await storedEmailIds()).length >= ids.length, "every message");
    await second.stop();
    expect((await storedEmailIds()).sort()).toEqual([...ids].sort());
    const row = (await t.core.store.sources.get(id))!;
    expect(row.postsTotal).toBe(ids.length);
    expect(row.rejectsTotal).toBe(0);
  }, 60_000);

  it("stops a source whose password is refused, and its health says why", async () => {
    const id = await addSource("not-the-password");
    const r = runner();
    await r.scan();
    await until(async () => !(await t.core.store.sources.get(id))!.enabled, "the source to stop");
    await r.stop();
    const admin = await t.signIn("admin");
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/sources",
      headers: { cookie: admin.cookie },
    });
    const view = (listed.json().items as { id: string }[]).find((s) => s.id === id);
    expect(view).toMatchObject({ enabled: false, health: { state: "disabled" } });
    expect((view as unknown as { health: { lastError: string } }).health.lastError).toMatch(
      /refused the login/,
    );
  });

  it("tests a mailbox's settings before they are saved, and a saved source's with its stored passwords", async () => {
    const admin = await t.signIn("admin");
    const check = (payload: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/sources/check", headers: { cookie: admin.cookie }, payload });
    const good = await check({
      kind: "email",
      settings: mailSettings(),
      credentials: { imapPassword: brand.password, smtpPassword: brand.password },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ ok: true, problems: [] });
    expect(good.json().found[0]).toMatch(/logged in as brand; INBOX holds 0 messages/);
    const wrong = await check({
      kind: "email",
      settings: mailSettings(),
      credentials: { imapPassword: "nope", smtpPassword: "nope" },
    });
    expect(wrong.json().ok).toBe(false);
    expect(wrong.json().problems).toHaveLength(2);
    const id = await addSource();
    const saved = await check({ kind: "email", settings: mailSettings(), sourceId: id });
    expect(saved.json()).toMatchObject({ ok: true, problems: [] });
    const invalid = await check({ kind: "email", settings: { imapHost: "mail.example.com" } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe("validation_failed");
    const demo = await check({ kind: "webhook", settings: {} });
    expect(demo.statusCode).toBe(409);
    expect(demo.json().error.code).toBe("source_check_unsupported");
    const agent = await t.signIn("agent");
    const denied = await t.app.inject({
      method: "POST",
      url: "/api/sources/check",
      headers: { cookie: agent.cookie },
      payload: { kind: "email", settings: mailSettings() },
    });
    expect(denied.statusCode).toBe(403);
    // Nothing was stored by the tests.
    expect(await storedEmailIds()).toEqual([]);
  });
});
