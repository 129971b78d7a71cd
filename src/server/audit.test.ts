import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

describe.each(appBackends)("the audit log on $name", ({ postgres }) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let startedAt: string;
  const list = (query = "", cookie = admin.cookie) =>
    t.app.inject({ url: `/api/audit${query ? `?${query}` : ""}`, headers: { cookie } });

  beforeAll(async () => {
    t = await testApp({ postgres });
    startedAt = new Date(Date.now() - 1000).toISOString();
    admin = await t.signIn("admin");
    supervisor = await t.signIn("supervisor");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/campaigns",
      headers: { cookie: supervisor.cookie },
      payload: { name: "Outage", query: '"no signal" <script>alert(1)</script>' },
    });
    expect(created.statusCode).toBe(201);
    const agent = await t.app.inject({
      method: "POST",
      url: "/api/users",
      headers: { cookie: admin.cookie },
      payload: {
        email: "new-agent@example.com",
        name: "New Agent",
        role: "agent",
        password: "tangerine-lighthouse-42",
      },
    });
    await t.app.inject({
      method: "PATCH",
      url: `/api/users/${agent.json().id}`,
      headers: { cookie: admin.cookie },
      payload: { role: "analyst" },
    });
  });
  afterAll(async () => t?.close());

  it("lists what was done, newest first, with who did it", async () => {
    const res = await list();
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      "user.role_change",
      "user.create",
      "campaign.create",
    ]);
    const campaign = items[2];
    expect(campaign.actor).toEqual({
      id: supervisor.userId,
      name: expect.any(String),
      email: expect.any(String),
    });
    expect(campaign.entity.type).toBe("campaign");
    // Stored and returned as written: rendering it as text is the client's part.
    expect(campaign.detail.query).toBe('"no signal" <script>alert(1)</script>');
    expect(items[0].detail).toMatchObject({ from: "agent", to: "analyst" });
  });

  it("filters by actor, action, entity and time", async () => {
    const actions = async (query: string) =>
      (await list(query)).json().items.map((e: { action: string }) => e.action);
    expect(await actions(`actor=${supervisor.userId}`)).toEqual(["campaign.create"]);
    expect(await actions("action=user.create")).toEqual(["user.create"]);
    expect(await actions("entity=user")).toEqual(["user.role_change", "user.create"]);
    expect(await actions(`from=${encodeURIComponent(startedAt)}`)).toHaveLength(3);
    expect(await actions(`to=${encodeURIComponent(startedAt)}`)).toEqual([]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await actions(`from=${encodeURIComponent(later)}`)).toEqual([]);
  });

  it("pages by cursor without repeating or skipping an entry", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await list(query);
      expect(res.statusCode).toBe(200);
      const body: { items: { id: string }[]; nextCursor: string | null } = res.json();
      seen.push(...body.items.map((e) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    const all = (await list()).json().items.map((e: { id: string }) => e.id);
    expect(seen).toEqual(all);
  });

  it("refuses a cursor it did not issue, and a bad filter, with catalogued codes", async () => {
    expect((await list("cursor=bm90LWEtY3Vyc29y")).json().error.code).toBe("invalid_cursor");
    const bad = await list("from=yesterday&actor=someone");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
  });

  it("is for admins only", async () => {
    expect((await list("", supervisor.cookie)).statusCode).toBe(403);
    expect((await t.app.inject({ url: "/api/audit" })).statusCode).toBe(401);
  });
});
