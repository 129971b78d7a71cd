/**
 * Erasure of a person, proven by searching every table of the store for what identified them
 * afterwards; and the access request. On the embedded store and on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { signPush } from "../connectors/webhook/push.ts";
import { startWorker } from "../jobs/runner.ts";
import { drizzleModule, sql } from "../store/orm.ts";

const tableName = (table: unknown): string => {
  const t = table as { [k: symbol]: unknown };
  const nameSymbol = Object.getOwnPropertySymbols(t).find((s) => s.description === "drizzle:Name");
  return String(nameSymbol ? t[nameSymbol] : "");
};

describe.each(appBackends)("erasing a person on $name", ({ postgres }) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await testApp({ postgres, core: { credentialsKey: "privacy-test-key-privacy-test-key-privacy" } });
    admin = (await t.signIn("admin")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  // What identifies the person: their handle, their name, words only they wrote, their posts' ids.
  const HANDLE = "Zelda_Quartermaine";
  const NAME = "Zelda Quartermaine-Oduya";
  const MARK = "xylophonequokka";
  const author = {
    platform: "x" as const,
    platformId: "u-zelda-77",
    handle: HANDLE,
    name: NAME,
    followers: 12,
  };

  async function everyTableHolding(needles: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const table of Object.values(t.core.database.t)) {
      const name = tableName(table);
      if (!name) continue;
      const rows = await t.core.database.rows<Record<string, unknown>>(
        sql`select * from ${sql.identifier(name)}`,
      );
      const text = JSON.stringify(rows).toLowerCase();
      for (const needle of needles) if (text.includes(needle.toLowerCase())) found.push(`${name}: ${needle}`);
    }
    return found;
  }

  it("leaves nothing that identifies them in any table, and keeps everyone else's", async () => {
    const own = makePost({
      platformId: "z-1",
      author,
      text: `@lumenhelp my ${MARK} bill doubled, please fix it`,
    });
    const second = makePost({
      platformId: "z-2",
      author,
      text: `@lumenhelp still waiting about the ${MARK} charge`,
    });
    const other = makePost({ platformId: "o-1", text: "@lumenhelp the app logs me out every hour" });
    // Zelda joins someone else's thread too.
    const joins = makePost({
      platformId: "z-3",
      author,
      text: `@lumenhelp same here, ${MARK} problem`,
      replyToPlatformId: "o-1",
    });
    // An alert rule that fires on her posts and on the other one: alerts quote posts and name authors.
    const alertRule = await t.app.inject({
      method: "POST",
      url: "/api/alert-rules",
      headers: { cookie: admin },
      payload: {
        name: "Billing words",
        condition: { kind: "keyword", keywords: ["bill", "problem", "logs"] },
        channels: [{ type: "webhook", url: "http://127.0.0.1:9/alerts" }],
        allowPrivateNetwork: true,
        quietMinutes: 0,
      },
    });
    expect(alertRule.statusCode).toBe(201);
    await t.core.pipeline.submit(t.workspaceId, [own, second, other]);
    await t.core.pipeline.submit(t.workspaceId, [joins]);
    await t.core.relay.flush();
    const matcher = startWorker({
      store: t.core.store,
      clock: t.core.clock,
      definitions: t.core.jobs.filter((j) => j.name === "alerts.match_posts"),
      pollMs: 0,
    });
    await matcher.tick();
    await matcher.stop();

    // A campaign that names them, a correction of their post, and a payload of theirs no source could read.
    const campaign = await t.app.inject({
      method: "POST",
      url: "/api/campaigns",
      headers: { cookie: admin },
      payload: { name: "Watch", query: "@lumenhelp", vipAuthors: [HANDLE.toLowerCase(), "someoneelse"] },
    });
    expect(campaign.statusCode).toBe(201);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "webhook", name: "Shop" },
    });
    const { source, signingSecret } = created.json();
    const body = JSON.stringify({ posts: [{ id: "bad", author: { handle: HANDLE }, name: NAME }] });
    const ts = String(Math.floor(Date.now() / 1000));
    const pushed = await t.app.inject({
      method: "POST",
      url: `/api/sources/${source.id}/push`,
      headers: {
        "content-type": "application/json",
        "x-parley-timestamp": ts,
        "x-parley-signature": signPush(signingSecret, ts, body),
      },
      payload: body,
    });
    expect(pushed.json().rejected).toHaveLength(1);

    // An agent corrects one of their posts: the workspace's models learn from its words.
    const theirs = (await t.app.inject({ method: "GET", url: "/api/work-items", headers: { cookie: admin } }))
      .json()
      .items.find((i: { post: { text: string } }) => i.post.text.includes(MARK));
    const corrected = await t.app.inject({
      method: "POST",
      url: `/api/posts/${theirs.post.id}/corrections`,
      headers: { cookie: admin },
      payload: { intent: "question" },
    });
    expect(corrected.statusCode).toBe(200);

    // The brand answered them (a reply row, as the reply path writes it).
    const db = t.core.database;
    await db.db.insert(db.t.replies).values({
      workspaceId: t.workspaceId,
      workItemId: theirs.id,
      conversationId: theirs.conversationId,
      inReplyToPostId: theirs.post.id,
      channel: "public",
      text: `@${HANDLE} sorry about the ${MARK} charge, we are on it`,
      status: "sent",
    });

    // Her customer record, linked to her profile, and another record that lists her handle too.
    const EMAIL = "zelda.qo@example.net";
    const record = await t.app.inject({
      method: "POST",
      url: "/api/customers",
      headers: { cookie: admin },
      payload: { externalId: "CRM-Z", name: NAME, emails: [EMAIL], handles: { x: [HANDLE] } },
    });
    const stale = await t.app.inject({
      method: "POST",
      url: "/api/customers",
      headers: { cookie: admin },
      payload: { externalId: "CRM-OTHER", name: "Someone Else", handles: { x: [HANDLE, "someoneelse"] } },
    });
    const [zelda] = await db.rows<{ id: string }>(
      sql`select id from authors where platform_id = 'u-zelda-77'`,
    );
    const linked = await t.app.inject({
      method: "POST",
      url: `/api/authors/${zelda!.id}/links`,
      headers: { cookie: admin },
      payload: { customerId: record.json().id },
    });
    expect(linked.statusCode).toBe(201);

    const before = await everyTableHolding([HANDLE, NAME, MARK, EMAIL]);
    expect(before.some((f) => f.startsWith("customers:"))).toBe(true);
    expect(before.some((f) => f.startsWith("customer_keys:"))).toBe(true);
    expect(before.some((f) => f.startsWith("replies:"))).toBe(true);
    expect(before.some((f) => f.startsWith("posts:"))).toBe(true);
    expect(before.some((f) => f.startsWith("dead_letters:"))).toBe(true);
    expect(before).toContain(`alerts: ${HANDLE}`);
    expect(before).toContain(`alerts: ${MARK}`);

    // The access request hands over what is held.
    const exported = await t.app.inject({
      method: "GET",
      url: `/api/privacy/export?platform=x&handle=@${HANDLE}`,
      headers: { cookie: admin },
    });
    expect(exported.statusCode).toBe(200);
    expect(
      exported
        .json()
        .posts.map((p: { platformId: string }) => p.platformId)
        .sort(),
    ).toEqual(["z-1", "z-2", "z-3"]);

    const erased = await t.app.inject({
      method: "POST",
      url: "/api/privacy/erasures",
      headers: { cookie: admin },
      payload: { platform: "x", handle: HANDLE.toLowerCase() },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ authors: 1, posts: 3, deadLetters: 1, campaigns: 1, customers: 1 });
    expect(erased.json().workItems).toBeGreaterThanOrEqual(1);

    expect(
      await everyTableHolding([HANDLE, NAME, MARK, EMAIL, "u-zelda-77", "z-1", "z-2", "z-3", "CRM-Z"]),
    ).toEqual([]);
    // The other customer stays, without her handle.
    const kept_ = await t.app.inject({
      method: "GET",
      url: `/api/customers/${stale.json().id}`,
      headers: { cookie: admin },
    });
    expect(kept_.json().handles).toEqual({ x: ["someoneelse"] });

    // Everyone else's is still there: the other customer's post and its work item, the campaign.
    const items = (
      await t.app.inject({ method: "GET", url: "/api/work-items", headers: { cookie: admin } })
    ).json();
    expect(items.items.map((i: { post: { text: string } }) => i.post.text)).toEqual([other.text]);
    const kept = (
      await t.app.inject({ method: "GET", url: "/api/campaigns", headers: { cookie: admin } })
    ).json();
    expect(kept.items[0].vipAuthors).toEqual(["someoneelse"]);
    // The alerts stay, holding only the other post.
    const left = await t.core.store.alerts.alerts(t.workspaceId, { limit: 10 });
    expect(left).toHaveLength(2);
    const [otherRow] = await db.rows<{ id: string }>(sql`select id from posts where platform_id = 'o-1'`);
    expect(left.map((a) => a.postIds).sort((a, b) => b.length - a.length)).toEqual([[otherRow!.id], []]);
    expect(left.flatMap((a) => a.why.topPosts.map((p) => p.text))).toEqual([other.text]);
    // The audit says an erasure happened and how much went, not whom.
    const audit = (
      await t.app.inject({
        method: "GET",
        url: "/api/audit?action=privacy.erase",
        headers: { cookie: admin },
      })
    ).json();
    expect(audit.items).toHaveLength(1);

    const again = await t.app.inject({
      method: "POST",
      url: "/api/privacy/erasures",
      headers: { cookie: admin },
      payload: { platform: "x", handle: HANDLE },
    });
    expect(again.statusCode).toBe(404);
  });

  it("erases a person named by their customer record, with every profile confirmed as theirs", async () => {
    const onX = {
      platform: "x" as const,
      platformId: "u-kit-1",
      handle: "kit_x",
      name: "Kit Varga-Lindqvist",
    };
    const onMastodon = {
      platform: "mastodon" as const,
      platformId: "u-kit-2",
      handle: "kitm",
      name: "Kit V",
    };
    const bystander = makePost({ platformId: "b-1", text: "@lumenhelp the app is slow" });
    await t.core.pipeline.submit(
      t.workspaceId,
      [
        makePost({ platformId: "k-1", author: onX, text: `@lumenhelp ${MARK} refund please` }),
        makePost({
          platform: "mastodon",
          platformId: "k-2",
          author: onMastodon,
          text: `@lumenhelp ${MARK} again`,
        }),
        bystander,
      ],
      { requireMatch: false },
    );
    const record = (
      await t.app.inject({
        method: "POST",
        url: "/api/customers",
        headers: { cookie: admin },
        payload: { externalId: "CRM-KIT", name: "Kit Varga-Lindqvist", emails: ["kit@example.org"] },
      })
    ).json();
    const db = t.core.database;
    for (const platformId of ["u-kit-1", "u-kit-2"]) {
      const [row] = await db.rows<{ id: string }>(
        sql`select id from authors where platform_id = ${platformId}`,
      );
      await t.app.inject({
        method: "POST",
        url: `/api/authors/${row!.id}/links`,
        headers: { cookie: admin },
        payload: { customerId: record.id },
      });
    }
    const exported = await t.app.inject({
      method: "GET",
      url: `/api/privacy/export?customerId=${record.id}`,
      headers: { cookie: admin },
    });
    expect(
      exported
        .json()
        .posts.map((p: { platformId: string }) => p.platformId)
        .sort(),
    ).toEqual(["k-1", "k-2"]);
    expect(exported.json().customers).toHaveLength(1);

    const erased = await t.app.inject({
      method: "POST",
      url: "/api/privacy/erasures",
      headers: { cookie: admin },
      payload: { customerId: record.id },
    });
    expect(erased.json()).toMatchObject({ authors: 2, posts: 2, customers: 1 });
    expect(
      await everyTableHolding([
        "kit_x",
        "kitm",
        "Varga-Lindqvist",
        "kit@example.org",
        "CRM-KIT",
        "u-kit-1",
        MARK,
      ]),
    ).toEqual([]);
    expect((await everyTableHolding([bystander.text])).length).toBeGreaterThan(0);
  });

  it("is for admins only", async () => {
    const supervisor = (await t.signIn("supervisor")).cookie;
    const res = await t.app.inject({
      method: "POST",
      url: "/api/privacy/erasures",
      headers: { cookie: supervisor },
      payload: { platform: "x", handle: "anyone" },
    });
    expect(res.statusCode).toBe(403);
  });
});

// Kept in one place so a table added later is searched too: the list comes from the schema.
void drizzleModule;
