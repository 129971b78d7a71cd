/**
 * The customer confirms a link themselves, over HTTP on both stores: an agent asks, Parley sends
 * a private message with a one-time link through the reply path, the public page shows the handle
 * and the brand, Confirm makes the link once; used, expired and unknown links, a profile without a
 * private channel, declined contact and a missing key are refused with stable codes.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import type { ConnectorKind, OutgoingReply } from "../connectors/contract.ts";
import { demoKind } from "../connectors/demo/source.ts";
import { noSecretBox } from "../connectors/secretBox.ts";
import { ManualClock } from "../domain/clock.ts";
import { LINK_CONFIRMATION_TTL_MS, TOKEN_STAND_IN } from "../domain/linkConfirmation.ts";
import { replySendJob } from "../jobs/replySend.ts";
import { startWorker } from "../jobs/runner.ts";
import { linkConfirmationService } from "../services/linkConfirmations.ts";
import { sql } from "../store/orm.ts";

const tableName = (table: unknown): string => {
  const t = table as { [k: symbol]: unknown };
  const nameSymbol = Object.getOwnPropertySymbols(t).find((s) => s.description === "drizzle:Name");
  return String(nameSymbol ? t[nameSymbol] : "");
};

describe.each(appBackends)("a customer confirming a link on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let agent: { cookie: string; userId: string };
  let sourceId: string;
  let sent: OutgoingReply[];

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 0));
    t = await testApp({
      postgres,
      core: { clock, credentialsKey: "link-test-key-link-test-key-link-test-key" },
      app: { publicUrl: "https://care.lumen.example" },
    });
    agent = await t.signIn("agent");
    sourceId = (
      await t.core.store.sources.create(t.workspaceId, {
        kind: "demo",
        name: "Demo",
        config: { seed: 1, ratePerSecond: 0, backlog: 0 },
        credentials: null,
      })
    ).id;
    sent = [];
  });
  afterEach(async () => {
    await t.close();
  });

  const who = { platform: "demo" as const, platformId: "d-ines", handle: "ines_d", name: "Ines Achterberg" };

  const call = (
    method: "GET" | "POST",
    url: string,
    payload?: object,
    cookie: string | null = agent.cookie,
  ) =>
    t.app.inject({
      method,
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload }),
    });

  async function authorOf(platformId: string): Promise<string> {
    const row = await t.core.store.customers.authorByPlatformId(t.workspaceId, "demo", platformId);
    if (!row) throw new Error("no author");
    return row.id;
  }

  async function customer(consent: Record<string, boolean> = {}): Promise<string> {
    const res = await call("POST", "/api/customers", {
      externalId: "CRM-INES",
      name: "Ines Achterberg",
      consent,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  /** The profile's posts, through the demo source (which answers privately) unless imported. */
  const TEXTS = [
    "@lumenhelp my order never arrived",
    "@lumenhelp the parcel tracking page shows nothing at all",
    "@lumenhelp nobody answered my refund request for two weeks",
  ];
  let written = 0;
  async function writes(channel: "public" | "private", options: { imported?: boolean } = {}) {
    const text = TEXTS[written++ % TEXTS.length]!;
    await t.core.pipeline.submit(
      t.workspaceId,
      [makePost({ platform: "demo", author: who, channel, text })],
      { requireMatch: false, ...(options.imported ? {} : { sourceId }) },
    );
    return authorOf(who.platformId);
  }

  /** Runs `reply.send` with a connector that records what it is given, as the peer would get it. */
  async function sendQueued() {
    const recording: ConnectorKind<Record<string, unknown>> = {
      ...(demoKind as unknown as ConnectorKind<Record<string, unknown>>),
      create: () => ({
        pull: async () => ({ posts: [], rejects: [], cursor: null }),
        send: async (reply) => {
          sent.push(reply);
          // A platform that hands the text back: the stored post must not take it.
          return { platformId: `r-${reply.idempotencyKey}`, text: reply.text };
        },
      }),
    };
    const job = replySendJob({
      pipeline: t.core.pipeline,
      bus: t.core.bus,
      box: t.core.box,
      kindOf: () => recording,
    });
    await t.core.relay.flush();
    const worker = startWorker({
      store: t.core.store,
      clock,
      definitions: [job],
      pollMs: 0,
      random: () => 0.5,
    });
    await worker.tick();
    await worker.stop();
    await t.core.relay.flush();
  }

  const tokenIn = (text: string) => /#\/confirm\/([A-Za-z0-9_-]+)$/.exec(text)?.[1] ?? null;

  async function everyTableHolding(needle: string): Promise<string[]> {
    const found: string[] = [];
    for (const table of Object.values(t.core.database.t)) {
      const name = tableName(table);
      if (!name) continue;
      const rows = await t.core.database.rows<Record<string, unknown>>(
        sql`select * from ${sql.identifier(name)}`,
      );
      if (JSON.stringify(rows).includes(needle)) found.push(name);
    }
    return found;
  }

  async function askAndSend(authorId: string, customerId: string): Promise<string> {
    const asked = await call("POST", `/api/authors/${authorId}/confirmation-requests`, { customerId });
    expect(asked.statusCode, asked.body).toBe(201);
    await sendQueued();
    expect(sent).toHaveLength(1);
    const token = tokenIn(sent[0]!.text);
    expect(token).not.toBeNull();
    return token!;
  }

  it("sends a one-time link privately; the page names the handle and brand; Confirm makes the link once", async () => {
    const authorId = await writes("private");
    const customerId = await customer();
    const asked = await call("POST", `/api/authors/${authorId}/confirmation-requests`, { customerId });
    expect(asked.statusCode, asked.body).toBe(201);
    const request = asked.json();
    expect(Date.parse(request.expiresAt) - clock.now()).toBe(LINK_CONFIRMATION_TTL_MS);
    // Through the reply path: a queued private reply in the profile's thread, shown on its work item.
    const replies = (await call("GET", `/api/work-items/${request.workItemId}/replies`)).json().items;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ id: request.replyId, channel: "private", status: "queued" });
    expect(replies[0].text.endsWith(`https://care.lumen.example/#/confirm/${TOKEN_STAND_IN}`)).toBe(true);

    await sendQueued();
    expect(sent.map((r) => r.channel)).toEqual(["private"]);
    expect(sent[0]!.text).toContain("@ines_d");
    const token = tokenIn(sent[0]!.text)!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    // Only the token's hash is stored: no table holds the token, not even the brand's sent post.
    expect(await everyTableHolding(token)).toEqual([]);
    const [row] = await t.core.database.rows<{ token_hash: string }>(
      sql`select token_hash from link_confirmations`,
    );
    expect(row!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect((await call("GET", `/api/work-items/${request.workItemId}/replies`)).json().items[0].status).toBe(
      "sent",
    );

    // The public page: no sign-in, the handle and the brand only.
    const page = await call("POST", "/api/link-confirmations/lookup", { token }, null);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toEqual({
      platform: "demo",
      handle: "ines_d",
      brand: "Lumen",
      expiresAt: request.expiresAt,
    });
    const confirmed = await call("POST", "/api/link-confirmations/confirm", { token }, null);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const panel = (await call("GET", `/api/authors/${authorId}/customer`)).json();
    expect(panel.customer.id).toBe(customerId);
    expect(panel.link).toMatchObject({ status: "confirmed", linkedBy: "customer", confidence: 1 });
    expect(panel.link.evidence.map((e: { kind: string }) => e.kind)).toEqual(["customer"]);
    const admin = (await t.signIn("admin")).cookie;
    const audit = (
      await call("GET", "/api/audit?action=link.confirmed_by_customer", undefined, admin)
    ).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: null, entity: { type: "customer", id: customerId } });
    expect(
      (await call("GET", "/api/audit?action=link.confirmation_requested", undefined, admin)).json().items,
    ).toHaveLength(1);

    // Once only: the page and Confirm both say it was used, and the link stays as it was.
    for (const path of ["lookup", "confirm"]) {
      const again = await call("POST", `/api/link-confirmations/${path}`, { token }, null);
      expect(again.statusCode).toBe(410);
      expect(again.json().error.code).toBe("link_token_used");
    }
  });

  it("refuses an expired link and an unknown one with their codes, and links nothing", async () => {
    const authorId = await writes("private");
    const customerId = await customer();
    const token = await askAndSend(authorId, customerId);
    clock.advance(LINK_CONFIRMATION_TTL_MS);
    for (const path of ["lookup", "confirm"]) {
      const late = await call("POST", `/api/link-confirmations/${path}`, { token }, null);
      expect(late.statusCode).toBe(410);
      expect(late.json().error.code).toBe("link_token_expired");
    }
    const unknown = await call(
      "POST",
      "/api/link-confirmations/confirm",
      { token: `${token.slice(0, -2)}xx` },
      null,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("link_token_unknown");
    const empty = await call("POST", "/api/link-confirmations/confirm", { token: "" }, null);
    expect(empty.json().error.code).toBe("validation_failed");
    const panel = (await call("GET", `/api/authors/${authorId}/customer`)).json();
    expect(panel.customer).toBeNull();
  });

  it("refuses where no private channel exists, where private contact was declined, and without a key", async () => {
    // Only public posts, and a private message that was imported (no source to answer through).
    const authorId = await writes("public");
    await writes("private", { imported: true });
    const customerId = await customer();
    const refused = await call("POST", `/api/authors/${authorId}/confirmation-requests`, { customerId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("private_channel_unavailable");

    // A private thread now, but the customer the profile is already confirmed as declined private contact.
    await writes("private");
    const declining = (
      await call("POST", "/api/customers", {
        externalId: "CRM-OTHER",
        name: "Other",
        consent: { privateContact: false },
      })
    ).json().id;
    expect((await call("POST", `/api/authors/${authorId}/links`, { customerId: declining })).statusCode).toBe(
      201,
    );
    const declined = await call("POST", `/api/authors/${authorId}/confirmation-requests`, { customerId });
    expect(declined.json().error.code).toBe("consent_declined");
    const link = (await call("GET", `/api/authors/${authorId}/customer`)).json().link;
    expect(
      (
        await t.app.inject({
          method: "DELETE",
          url: `/api/links/${link.id}`,
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(204);

    // Nor is a customer who declined private contact asked about, linked or not.
    const private_ = (
      await call("POST", "/api/customers", {
        externalId: "CRM-QUIET",
        name: "Quiet",
        consent: { privateContact: false },
      })
    ).json().id;
    expect(
      (await call("POST", `/api/authors/${authorId}/confirmation-requests`, { customerId: private_ })).json()
        .error.code,
    ).toBe("consent_declined");

    // A Parley without the key that derives tokens makes no link and sends nothing.
    const keyless = linkConfirmationService({
      store: t.core.store,
      bus: t.core.bus,
      box: noSecretBox,
      clock,
    });
    const principal = (await call("GET", "/api/me")).json();
    expect(principal.user.id).toBe(agent.userId);
    await expect(keyless.request(principal, authorId, customerId, "https://x.example")).rejects.toMatchObject(
      {
        code: "credentials_key_missing",
      },
    );
    expect(await t.core.database.rows(sql`select id from link_confirmations`)).toEqual([]);
    expect(await t.core.database.rows(sql`select id from replies`)).toEqual([]);
    // Unknown profile or customer: not found.
    const missing = await call("POST", `/api/authors/${authorId}/confirmation-requests`, {
      customerId: "018f0000-0000-7000-8000-000000000000",
    });
    expect(missing.json().error.code).toBe("not_found");
  });

  it("a confirmation's request goes with the person when they are erased", async () => {
    const authorId = await writes("private");
    const customerId = await customer();
    await askAndSend(authorId, customerId);
    const admin = (await t.signIn("admin")).cookie;
    const erased = await call("POST", "/api/privacy/erasures", { platform: "demo", handle: "ines_d" }, admin);
    expect(erased.statusCode, erased.body).toBeLessThan(300);
    expect(await t.core.database.rows(sql`select id from link_confirmations`)).toEqual([]);
  });
});
