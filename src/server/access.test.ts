import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { openLive } from "../../test/support/live.ts";
import { ACCESS_ENDED } from "./routes/live.ts";

describe.each(appBackends)("ending access on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it("closes the session's live sockets on sign-out", async () => {
    const me = await t.signIn("agent");
    const live = await openLive(t.app, { cookie: me.cookie });
    await live.next((m) => m.type === "hello");
    expect((await send("DELETE", "/api/session", { cookie: me.cookie })).statusCode).toBe(204);
    expect(await live.closed).toBe(ACCESS_ENDED);
  });

  it("disables a user: sessions end, sockets close, sign-in and tokens stop working", async () => {
    const email = `off${Math.random().toString(36).slice(2)}@example.com`;
    const user = await t.signIn("agent", email);
    const { token } = (await send("POST", "/api/tokens", { cookie: user.cookie }, { name: "script" })).json();
    const live = await openLive(t.app, { cookie: user.cookie });
    await live.next((m) => m.type === "hello");
    const res = await send(
      "PATCH",
      `/api/users/${user.userId}`,
      { cookie: admin.cookie },
      { disabled: true },
    );
    expect(res.json()).toMatchObject({ disabled: true });
    expect(await live.closed).toBe(ACCESS_ENDED);
    expect((await send("GET", "/api/me", { cookie: user.cookie })).statusCode).toBe(401);
    expect((await send("GET", "/api/me", { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    const again = await send("POST", "/api/session", {}, { email, password: "tangerine-lighthouse-42" });
    expect(again.json().error.code).toBe("invalid_credentials");
    const trail = await t.core.store.audit.forSubject(t.workspaceId, "user", user.userId);
    expect(trail.map((e) => e.action)).toContain("user.disable");
  });

  it("lists API tokens, revokes one and closes its sockets", async () => {
    const me = await t.signIn("analyst");
    const created = (
      await send("POST", "/api/tokens", { cookie: me.cookie }, { name: "nightly", expiresInDays: 7 })
    ).json();
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const listed = (await send("GET", "/api/tokens", { cookie: me.cookie })).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "nightly", revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const bearer = { authorization: `Bearer ${created.token}` };
    const live = await openLive(t.app, bearer);
    await live.next((m) => m.type === "hello");
    expect((await send("DELETE", `/api/tokens/${created.id}`, { cookie: me.cookie })).statusCode).toBe(204);
    expect(await live.closed).toBe(ACCESS_ENDED);
    expect((await send("GET", "/api/me", bearer)).statusCode).toBe(401);
    const after = (await send("GET", "/api/tokens", { cookie: me.cookie })).json().items;
    expect(after[0].revokedAt).not.toBeNull();
  });

  it("does not let one user revoke another's token, nor list the workspace's unless admin", async () => {
    const owner = await t.signIn("agent");
    const other = await t.signIn("agent");
    const { id } = (await send("POST", "/api/tokens", { cookie: owner.cookie }, { name: "mine" })).json();
    expect((await send("DELETE", `/api/tokens/${id}`, { cookie: other.cookie })).statusCode).toBe(404);
    expect((await send("GET", "/api/tokens?all=true", { cookie: other.cookie })).statusCode).toBe(403);
    const all = (await send("GET", "/api/tokens?all=true", { cookie: admin.cookie })).json().items;
    expect(all.map((x: { id: string }) => x.id)).toContain(id);
  });

  it("refuses an expired token", async () => {
    const me = await t.signIn("agent");
    const token = "pat_expired-token-for-the-test";
    await t.core.store.credentials.createApiToken({
      workspaceId: t.workspaceId,
      userId: me.userId,
      name: "old",
      tokenHash: createHash("sha256").update(token).digest("hex"),
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await send("GET", "/api/me", { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(401);
  });

  it("changes a password, ending the user's other sessions but not this one", async () => {
    const email = `pw${Math.random().toString(36).slice(2)}@example.com`;
    const here = await t.signIn("agent", email);
    const there = await send("POST", "/api/session", {}, { email, password: "tangerine-lighthouse-42" });
    const elsewhere = `parley_session=${there.cookies.find((c) => c.name === "parley_session")!.value}`;
    const wrong = await send(
      "POST",
      "/api/me/password",
      { cookie: here.cookie },
      { current: "nope", next: "x" },
    );
    expect(wrong.json().error.code).toBe("invalid_credentials");
    const weak = await send(
      "POST",
      "/api/me/password",
      { cookie: here.cookie },
      { current: "tangerine-lighthouse-42", next: "qwerty123" },
    );
    expect(weak.statusCode).toBe(400);
    const ok = await send(
      "POST",
      "/api/me/password",
      { cookie: here.cookie },
      { current: "tangerine-lighthouse-42", next: "violet-harbour-train" },
    );
    expect(ok.statusCode).toBe(204);
    expect((await send("GET", "/api/me", { cookie: here.cookie })).statusCode).toBe(200);
    expect((await send("GET", "/api/me", { cookie: elsewhere })).statusCode).toBe(401);
    const signIn = await send("POST", "/api/session", {}, { email, password: "violet-harbour-train" });
    expect(signIn.statusCode).toBe(200);
  });
});
