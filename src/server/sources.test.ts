/** Sources over HTTP and the signed push webhook, on the embedded store and on PostgreSQL. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { signPush } from "../connectors/webhook/push.ts";

describe.each(appBackends)("sources and the push webhook on $name", ({ postgres }) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await testApp({ postgres, core: { credentialsKey: "a-test-key-of-at-least-32-characters" } });
    admin = (await t.signIn("admin")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  async function createPush(): Promise<{ id: string; secret: string }> {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "webhook", name: "Shop reviews" },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.signingSecret).toMatch(/^whsec_/);
    return { id: body.source.id, secret: body.signingSecret };
  }

  function push(
    id: string,
    secret: string,
    payload: unknown,
    options: { key?: string; at?: number; sign?: string } = {},
  ) {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
    return t.app.inject({
      method: "POST",
      url: `/api/sources/${id}/push`,
      headers: {
        "content-type": "application/json",
        "x-parley-timestamp": timestamp,
        "x-parley-signature": options.sign ?? signPush(secret, timestamp, body),
        ...(options.key ? { "idempotency-key": options.key } : {}),
      },
      payload: body,
    });
  }

  const post = (id: string, text = "My order never arrived @lumenhelp") => ({
    id,
    text,
    author: { handle: `customer-${id}` },
    created_at: "2026-11-30T10:00:00Z",
  });

  async function postCount(): Promise<number> {
    const rows = await t.core.database.rows<{ n: number }>(
      (await import("../store/orm.ts")).sql`select count(*) as n from posts`,
    );
    return Number(rows[0]!.n);
  }

  it("shows the signing secret once, and only the names of credentials afterwards", async () => {
    const { id, secret } = await createPush();
    const res = await t.app.inject({ method: "GET", url: `/api/sources/${id}`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    expect(res.json()).toMatchObject({
      kind: "webhook",
      mode: "push",
      credentials: ["signingSecret"],
      pushPath: `/api/sources/${id}/push`,
    });
    const list = await t.app.inject({ method: "GET", url: "/api/sources", headers: { cookie: admin } });
    expect(list.body).not.toContain(secret);
    const sealed = await t.core.store.sources.get(id);
    expect(sealed?.credentials).not.toContain(secret);
  });

  it("stores signed posts, keeps the good rest of a bad batch, and counts them in the health", async () => {
    const { id, secret } = await createPush();
    const res = await push(id, secret, { posts: [post("p1"), { id: "p2" }, post("p3"), "not a post"] });
    expect(res.statusCode).toBe(202);
    const answer = res.json();
    expect(answer.stored).toBe(2);
    expect(answer.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(await postCount()).toBe(2);
    const letters = await t.app.inject({
      method: "GET",
      url: "/api/dead-letters",
      headers: { cookie: admin },
    });
    expect(letters.json().items).toHaveLength(2);
    expect(letters.json().items[0]).toMatchObject({
      origin: "source",
      name: "webhook",
      sourceId: id,
      retryable: false,
    });
    const health = (
      await t.app.inject({ method: "GET", url: `/api/sources/${id}`, headers: { cookie: admin } })
    ).json().health;
    expect(health).toMatchObject({ postsTotal: 2, rejectsTotal: 2, lastError: null });
    expect(health.lastSuccessAt).not.toBeNull();
  });

  it("refuses a wrong signature, a replay outside the window and an unknown source alike, storing nothing", async () => {
    const { id, secret } = await createPush();
    const wrong = await push(id, secret, { posts: [post("p1")] }, { sign: `sha256=${"0".repeat(64)}` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("signature_invalid");
    const old = await push(id, secret, { posts: [post("p1")] }, { at: Date.now() - 10 * 60_000 });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe("signature_expired");
    const unknown = await push("00000000-0000-4000-8000-000000000000", secret, { posts: [post("p1")] });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe("signature_invalid");
    // Signed with another source's secret.
    const other = await createPush();
    const crossed = await push(id, other.secret, { posts: [post("p1")] });
    expect(crossed.statusCode).toBe(401);
    expect(await postCount()).toBe(0);
  });

  it("answers a repeated idempotency key with the first answer and stores nothing twice", async () => {
    const { id, secret } = await createPush();
    const first = await push(id, secret, { posts: [post("p1"), post("p2")] }, { key: "delivery-1" });
    expect(first.statusCode).toBe(202);
    const again = await push(id, secret, { posts: [post("p1"), post("p2")] }, { key: "delivery-1" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // Without a key the store's unique key still keeps one copy.
    const resent = await push(id, secret, { posts: [post("p1")] });
    expect(resent.json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await postCount()).toBe(2);
  });

  it("gives malformed bodies a clear error and refuses a disabled source", async () => {
    const { id, secret } = await createPush();
    const broken = await push(id, secret, "{not json");
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe("malformed_json");
    const shape = await push(id, secret, { items: [] });
    expect(shape.json().error.code).toBe("validation_failed");
    const off = await t.app.inject({
      method: "POST",
      url: `/api/sources/${id}/disable`,
      headers: { cookie: admin },
    });
    expect(off.json()).toMatchObject({ enabled: false, health: { state: "disabled" } });
    const refused = await push(id, secret, { posts: [post("p1")] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("source_disabled");
    expect(await postCount()).toBe(0);
  });

  it("validates kinds, settings and credentials, and lets only admins change sources", async () => {
    const kind = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "carrier-pigeon", name: "x" },
    });
    expect(kind.json().error.code).toBe("unknown_source_kind");
    // A file import names a path on the server: only `parley import` makes one, never a request.
    const file = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "file", name: "x", settings: { path: "/etc/passwd", size: 1, modifiedAt: 1 } },
    });
    expect(file.statusCode).toBe(400);
    expect(file.json().error.code).toBe("source_not_creatable");
    const settings = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "webhook", name: "x", settings: { defaultPlatform: "telegraph" } },
    });
    expect(settings.statusCode).toBe(400);
    expect(settings.json().error.details[0].path).toBe("settings.defaultPlatform");
    const secret = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: admin },
      payload: { kind: "webhook", name: "x", credentials: { password: "hunter2" } },
    });
    expect(secret.json().error.code).toBe("validation_failed");
    const agent = (await t.signIn("agent")).cookie;
    const forbidden = await t.app.inject({
      method: "POST",
      url: "/api/sources",
      headers: { cookie: agent },
      payload: { kind: "webhook", name: "x" },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/sources", headers: { cookie: agent } })).statusCode,
    ).toBe(403);
    const kinds = await t.app.inject({
      method: "GET",
      url: "/api/sources/kinds",
      headers: { cookie: admin },
    });
    expect(kinds.json().items.map((k: { kind: string }) => k.kind)).toContain("webhook");
    expect(kinds.json().items.map((k: { kind: string }) => k.kind)).not.toContain("file");
  });
});

describe.runIf(process.env.DATABASE_URL)("credentials on PostgreSQL without a key", () => {
  it("refuses to store a source's secrets rather than keep them unsealed", async () => {
    const t = await testApp({ postgres: true });
    try {
      const admin = (await t.signIn("admin")).cookie;
      const res = await t.app.inject({
        method: "POST",
        url: "/api/sources",
        headers: { cookie: admin },
        payload: { kind: "webhook", name: "x" },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("credentials_key_missing");
      expect(await t.core.store.sources.list(t.workspaceId)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
