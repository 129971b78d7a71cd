/**
 * Alerts over HTTP: rule validation with stable codes and the admin role; a post stored through
 * the pipeline fires a rule whose alert reaches a real local webhook receiver (signature checked
 * with the rule's secret), a chat receiver (Slack-style `{"text"}`, outside text escaped) and a
 * mailbox through Debian's Postfix; a 500 is retried with the same idempotency key, and the last
 * failed attempt marks the delivery failed and leaves a dead letter.
 */

import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { type HandoffReceiver, startHandoffReceiver } from "../../test/support/handoffReceiver.ts";
import { type MailServers, startMailServers } from "../../test/support/mailServers.ts";
import { ManualClock } from "../domain/clock.ts";
import { startWorker } from "../jobs/runner.ts";

const PUBLIC_URL = "https://parley.example";
const brand = { user: "alerts", password: "alerts-pass", address: "alerts@lumen.test" };
const ops = { user: "ops", password: "ops-pass", address: "ops@lumen.test" };

interface ChatReceiver {
  url: string;
  received: { headers: IncomingMessage["headers"]; body: string }[];
  close(): Promise<void>;
}

/** A chat tool's incoming webhook on 127.0.0.1: takes `{"text": …}` as JSON, answers "ok". */
async function startChatReceiver(): Promise<ChatReceiver> {
  const received: ChatReceiver["received"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body });
      let ok = false;
      try {
        ok = typeof JSON.parse(body).text === "string";
      } catch {}
      res.writeHead(ok ? 200 : 400, { "content-type": "text/plain" }).end(ok ? "ok" : "invalid_payload");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/abc`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let mail: MailServers;
beforeAll(async () => {
  mail = await startMailServers({ mailboxes: [brand, ops] });
}, 60_000);
afterAll(async () => {
  await mail.stop();
});

describe.each(appBackends)("alerts on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let receiver: HandoffReceiver;
  let chat: ChatReceiver;
  let admin: { cookie: string; userId: string };

  beforeEach(async () => {
    // The receiver checks timestamps against real time, as an outside system would.
    clock = new ManualClock(Date.now());
    t = await testApp({
      postgres,
      core: {
        clock,
        credentialsKey: "a-test-key-that-is-long-enough-for-the-box",
        publicUrl: PUBLIC_URL,
        alertTimeoutMs: 500,
        alertSmtp: {
          host: "127.0.0.1",
          port: mail.smtpPort,
          tls: "none",
          user: brand.user,
          password: brand.password,
          from: brand.address,
        },
      },
    });
    receiver = await startHandoffReceiver({ now: () => clock.now() });
    chat = await startChatReceiver();
    admin = await t.signIn("admin");
  });
  afterEach(async () => {
    await receiver.close();
    await chat.close();
    await t.close();
  });

  const rulePayload = (overrides: Record<string, unknown> = {}) => ({
    name: "Complaints about outages",
    condition: { kind: "keyword", keywords: ["outage", "no signal"] },
    channels: [{ type: "webhook", url: receiver.url }],
    quietMinutes: 30,
    allowPrivateNetwork: true,
    ...overrides,
  });
  const createRule = (payload: unknown, cookie = admin.cookie) =>
    t.app.inject({
      method: "POST",
      url: "/api/alert-rules",
      headers: { cookie },
      payload: payload as object,
    });

  async function rule(overrides: Record<string, unknown> = {}) {
    const res = await createRule(rulePayload(overrides));
    expect(res.statusCode).toBe(201);
    receiver.secret = res.json().secret;
    return res.json().rule as { id: string };
  }

  /** Relays the outbox and runs the due alert jobs (matching, then deliveries); the jobs run. */
  async function work() {
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: t.core.jobs.filter((j) => j.name.startsWith("alert")),
      pollMs: 0,
      random: () => 0.5,
    });
    let ran = 0;
    for (let i = 0; i < 3; i++) ran += await worker.tick();
    await worker.stop();
    return ran;
  }

  const alerts = async () =>
    (await t.app.inject({ method: "GET", url: "/api/alerts", headers: { cookie: admin.cookie } })).json()
      .items as {
      id: string;
      status: string;
      why: { summary: string; topPosts: { text: string }[] };
      postIds: string[];
      deliveries: { type: string; status: string; attempts: number; error: string | null }[];
    }[];

  async function post(text: string, handle = "casey") {
    const p = makePost({
      platform: "demo",
      author: { platform: "demo", platformId: handle, handle, name: handle },
      text,
    });
    await t.core.pipeline.submit(t.workspaceId, [p], { requireMatch: false });
  }

  it("validates rules with stable codes, lets only admins write them, and never shows the secret again", async () => {
    const bad = await createRule(rulePayload({ condition: { kind: "keyword", keywords: [] } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect((await createRule(rulePayload({ condition: { kind: "nope" } }))).json().error.code).toBe(
      "validation_failed",
    );
    expect(
      (
        await createRule(
          rulePayload({
            condition: { kind: "threshold", dimension: "total", value: "x", windowHours: 1, authors: 3 },
          }),
        )
      ).json().error.code,
    ).toBe("validation_failed");
    expect((await createRule(rulePayload({ channels: [] }))).json().error.code).toBe("validation_failed");
    expect(
      (await createRule(rulePayload({ channels: [{ type: "email", to: ["not an address"] }] }))).json().error
        .code,
    ).toBe("validation_failed");
    const privateRefused = await createRule(rulePayload({ allowPrivateNetwork: false }));
    expect(privateRefused.statusCode).toBe(400);
    expect(privateRefused.json().error.code).toBe("alert_url_refused");
    expect(
      (await createRule(rulePayload({ channels: [{ type: "chat", url: "ftp://example.com/x" }] }))).json()
        .error.code,
    ).toBe("alert_url_refused");
    const agent = await t.signIn("agent");
    expect((await createRule(rulePayload(), agent.cookie)).statusCode).toBe(403);
    expect(await t.core.store.alerts.rules(t.workspaceId)).toEqual([]);

    const created = await createRule(rulePayload());
    expect(created.statusCode).toBe(201);
    const { rule: saved, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    expect(saved).toMatchObject({ kind: "keyword", quietMinutes: 30, enabled: true });
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/alert-rules",
      headers: { cookie: admin.cookie },
    });
    expect(listed.json().items).toHaveLength(1);
    expect(listed.body).not.toContain(secret);
    const stored = await t.core.store.alerts.rule(t.workspaceId, saved.id);
    expect(stored!.secret).not.toContain(secret);

    const updated = await t.app.inject({
      method: "PUT",
      url: `/api/alert-rules/${saved.id}`,
      headers: { cookie: admin.cookie },
      payload: rulePayload({ name: "Outages", quietMinutes: 0 }),
    });
    expect(updated.json()).toMatchObject({ rule: { name: "Outages", quietMinutes: 0 }, secret: null });
    const missing = await t.app.inject({
      method: "PUT",
      url: "/api/alert-rules/00000000-0000-7000-8000-000000000000",
      headers: { cookie: admin.cookie },
      payload: rulePayload(),
    });
    expect(missing.statusCode).toBe(404);
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/api/alert-rules/${saved.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(removed.statusCode).toBe(204);
    expect(await t.core.store.alerts.rules(t.workspaceId)).toEqual([]);
  });

  it("a stored post fires the rule; the signed webhook, the chat tool and the mailbox receive it", async () => {
    const r = await rule({
      channels: [
        { type: "webhook", url: receiver.url },
        { type: "chat", url: chat.url },
        { type: "email", to: [ops.address] },
      ],
    });
    // The mail servers serve every backend's run: only mail new to this test counts.
    const before = new Set(await mail.delivered(ops.user));
    await post("@lumenhelp total outage on <b>Main St</b> & no signal <!channel>");
    await post("@lumenhelp thanks for the quick answer", "dana");
    await work();

    const [alert] = await alerts();
    expect(alert).toMatchObject({ status: "fired" });
    expect(alert!.postIds).toHaveLength(1);
    expect(alert!.deliveries.map((d) => [d.type, d.status, d.attempts])).toEqual([
      ["webhook", "delivered", 1],
      ["chat", "delivered", 1],
      ["email", "delivered", 1],
    ]);

    const behind = await t.app.inject({
      method: "GET",
      url: `/api/alerts/${alert!.id}/posts`,
      headers: { cookie: admin.cookie },
    });
    expect(behind.json().items).toEqual([
      expect.objectContaining({
        id: alert!.postIds[0],
        author: "casey",
        text: "@lumenhelp total outage on <b>Main St</b> & no signal <!channel>",
      }),
    ]);

    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook!.verified).toBe(true);
    expect(hook!.headers["x-parley-event"]).toBe("alert");
    const body = JSON.parse(hook!.body);
    expect(body).toMatchObject({
      type: "alert",
      alert: {
        id: alert!.id,
        rule: { id: r.id, kind: "keyword" },
        link: `${PUBLIC_URL}/#/alerts?alert=${alert!.id}`,
      },
    });
    // In JSON the post's text is data, exactly as written.
    expect(body.alert.why.topPosts[0].text).toBe(
      "@lumenhelp total outage on <b>Main St</b> & no signal <!channel>",
    );

    expect(chat.received).toHaveLength(1);
    const text = JSON.parse(chat.received[0]!.body).text as string;
    expect(text).toContain("&lt;b&gt;Main St&lt;/b&gt; &amp; no signal &lt;!channel&gt;");
    expect(text).not.toMatch(/<[^h]/); // only the link Parley adds is unescaped
    expect(chat.received[0]!.headers["x-parley-signature"]).toBeUndefined();

    let files: string[] = [];
    for (let i = 0; i < 100 && files.length === 0; i++) {
      files = (await mail.delivered(ops.user)).filter((f) => !before.has(f));
      if (files.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(files).toHaveLength(1);
    const raw = await readFile(files[0]!, "utf8");
    expect(raw).toMatch(/^Subject: Parley alert: Complaints about outages$/m);
    expect(raw).toMatch(/^Content-Type: text\/plain/m);
    expect(raw).not.toMatch(/text\/html/);
    const parsed = await simpleParser(raw);
    expect(parsed.html).toBe(false);
    expect(parsed.text).toContain("total outage on <b>Main St</b> & no signal <!channel>");
    expect(parsed.text).toContain(`${PUBLIC_URL}/#/alerts?alert=${alert!.id}`);
    expect(parsed.to).toMatchObject({ text: ops.address });
  });

  it("an analyst reads the posts behind an alert, and why it fired, without the personal data in them", async () => {
    await rule();
    await post("@lumenhelp outage again, call me on +44 7700 900123 or mail casey@example.com");
    await work();
    const [alert] = await alerts();
    const behind = (cookie: string) =>
      t.app.inject({ method: "GET", url: `/api/alerts/${alert!.id}/posts`, headers: { cookie } });
    const whole = (await behind(admin.cookie)).json().items[0].text as string;
    expect(whole).toContain("casey@example.com");
    const analyst = await t.signIn("analyst");
    const seen = (await behind(analyst.cookie)).json().items[0].text as string;
    expect(seen).toContain("outage again");
    expect(seen).not.toContain("casey@example.com");
    expect(seen).not.toContain("7700 900123");
    // The alert's why quotes the post: redacted for the analyst too.
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/alerts",
      headers: { cookie: analyst.cookie },
    });
    expect(listed.json().items[0].why.topPosts[0].text).toContain("outage again");
    expect(listed.body).not.toContain("casey@example.com");
    expect((await alerts())[0]!.why.topPosts[0]!.text).toContain("casey@example.com");
  });

  it("retries a 500 with the same idempotency key, and shows the delivery's state meanwhile", async () => {
    const r = await rule();
    receiver.answers = ["fail", "ok"];
    const tested = await t.app.inject({
      method: "POST",
      url: `/api/alert-rules/${r.id}/test`,
      headers: { cookie: admin.cookie },
    });
    expect(tested.statusCode).toBe(202);
    expect(tested.json()).toMatchObject({ test: true, deliveries: [{ status: "queued", attempts: 0 }] });
    await work();
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "queued",
      attempts: 1,
      error: "The alert webhook answered 500",
    });
    clock.advance(10 * 60_000);
    await work();
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "delivered",
      attempts: 2,
      error: null,
    });
    expect(receiver.received.map((x) => x.answered)).toEqual([500, 200]);
    const keys = receiver.received.map((x) => x.headers["idempotency-key"]);
    expect(keys[0]).toBe(keys[1]);
    expect(receiver.received.map((x) => x.headers["x-parley-attempt"])).toEqual(["1", "2"]);
  });

  it("after the last failed attempt the delivery is failed and a dead letter says why", async () => {
    const r = await rule();
    receiver.answers = ["fail"];
    await t.app.inject({
      method: "POST",
      url: `/api/alert-rules/${r.id}/test`,
      headers: { cookie: admin.cookie },
    });
    for (let i = 0; i < 8; i++) {
      await work();
      clock.advance(10 * 60_000);
    }
    expect(receiver.received).toHaveLength(6);
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "failed",
      attempts: 6,
      error: "The alert webhook answered 500",
    });
    const dead = await t.core.store.jobs.deadLetters({ workspaceId: t.workspaceId, limit: 10 });
    expect(dead.map((d) => [d.name, d.code, d.reason, d.attempts])).toEqual([
      ["alert.deliver", "retries_exhausted", "The alert webhook answered 500", 6],
    ]);

    // Once the receiver is back, retrying the dead letter delivers it.
    receiver.answers = ["ok"];
    const retried = await t.app.inject({
      method: "POST",
      url: `/api/dead-letters/${dead[0]!.id}/retry`,
      headers: { cookie: admin.cookie },
    });
    expect(retried.statusCode).toBe(204);
    await work();
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
      error: null,
    });
    expect(receiver.received.at(-1)!.answered).toBe(200);
  });

  it("rotating the signing secret shows the new one once; from then on no delivery is signed with the old one", async () => {
    const r = await rule();
    const old = receiver.secret;
    const testAlert = () =>
      t.app.inject({
        method: "POST",
        url: `/api/alert-rules/${r.id}/test`,
        headers: { cookie: admin.cookie },
      });
    // Queued before the rotation, sent after it.
    await testAlert();
    const rotate = (id: string, cookie = admin.cookie) =>
      t.app.inject({ method: "POST", url: `/api/alert-rules/${id}/rotate-secret`, headers: { cookie } });
    const agent = await t.signIn("agent");
    expect((await rotate(r.id, agent.cookie)).statusCode).toBe(403);
    expect((await rotate("00000000-0000-7000-8000-000000000000")).json().error.code).toBe("not_found");
    const rotated = await rotate(r.id);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(rotated.json().rule).toMatchObject({ id: r.id, name: "Complaints about outages" });
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/alert-rules",
      headers: { cookie: admin.cookie },
    });
    expect(listed.body).not.toContain(fresh);
    const audit = await t.core.store.audit.list(t.workspaceId, {
      action: "alert_rule.secret_rotated",
      limit: 10,
    });
    expect(audit.map((a) => [a.subjectId, a.actorUserId])).toEqual([[r.id, admin.userId]]);

    receiver.secret = fresh;
    await work();
    expect(receiver.received.map((x) => [x.answered, x.verified])).toEqual([[200, true]]);

    // A receiver still holding the old secret refuses what Parley now signs.
    receiver.secret = old;
    await testAlert();
    await work();
    expect(receiver.received.map((x) => x.answered)).toEqual([200, 401]);
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "failed",
      error: "The alert webhook answered 401",
    });
  });

  it("a refused delivery (a 4xx) fails at once", async () => {
    const r = await rule();
    receiver.secret = "whsec_not-the-one-parley-signs-with";
    await t.app.inject({
      method: "POST",
      url: `/api/alert-rules/${r.id}/test`,
      headers: { cookie: admin.cookie },
    });
    await work();
    expect((await alerts())[0]!.deliveries[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "The alert webhook answered 401",
    });
    const dead = await t.core.store.jobs.deadLetters({ workspaceId: t.workspaceId, limit: 10 });
    expect(dead.map((d) => d.code)).toEqual(["alert_refused"]);
  });

  it("within the quiet period a second alert is suppressed: listed, not delivered", async () => {
    await rule();
    await post("@lumenhelp outage again");
    await work();
    clock.advance(60_000);
    await post("@lumenhelp still an outage", "eve");
    await work();
    const list = await alerts();
    expect(list.map((a) => [a.status, a.deliveries.length])).toEqual([
      ["suppressed", 0],
      ["fired", 1],
    ]);
    expect(receiver.received).toHaveLength(1);
  });
});
