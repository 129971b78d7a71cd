import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { openLive } from "../../test/support/live.ts";

describe("requests from other origins", () => {
  let t: TestApp;
  let agent: { cookie: string };
  let itemId: string;

  beforeAll(async () => {
    t = await testApp();
    agent = await t.signIn("agent");
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({ text: "@lumenhelp my phone was charged twice, help?" }),
    ]);
    itemId = (await t.core.store.views.workItems(t.workspaceId, { limit: 1 }))[0]!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const claim = (headers: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url: `/api/work-items/${itemId}/claim`,
      headers: { host: "127.0.0.1:3000", ...headers },
    });

  it("refuses a cookie-authenticated change from a page on another port of the same host", async () => {
    const res = await claim({ cookie: agent.cookie, origin: "http://127.0.0.1:3001" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("origin_refused");
  });

  it("refuses one a browser marks as cross-site or same-site", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const res = await claim({ cookie: agent.cookie, "sec-fetch-site": site });
      expect(res.json().error.code).toBe("origin_refused");
    }
  });

  it("accepts the app's own origin, and a caller that is not a browser", async () => {
    const own = await claim({
      cookie: agent.cookie,
      origin: "http://127.0.0.1:3000",
      "sec-fetch-site": "same-origin",
    });
    expect(own.statusCode).toBe(200);
    const release = await t.app.inject({
      method: "POST",
      url: `/api/work-items/${itemId}/release`,
      headers: { cookie: agent.cookie },
    });
    expect(release.statusCode).toBe(200);
  });

  it("does not check bearer-token callers, whom no other page can impersonate", async () => {
    const { token } = (
      await t.app.inject({
        method: "POST",
        url: "/api/tokens",
        headers: { cookie: agent.cookie },
        payload: { name: "s" },
      })
    ).json();
    const res = await claim({ authorization: `Bearer ${token}`, origin: "http://elsewhere.example" });
    expect(res.statusCode).toBe(200);
  });

  it("refuses the live socket to a page from another origin", async () => {
    await expect(
      openLive(t.app, { cookie: agent.cookie, origin: "http://127.0.0.1:3001", host: "127.0.0.1:3000" }),
    ).rejects.toThrow(/403/);
    const live = await openLive(t.app, {
      cookie: agent.cookie,
      origin: "http://127.0.0.1:3000",
      host: "127.0.0.1:3000",
    });
    expect((await live.next()).type).toBe("hello");
    live.close();
  });
});

describe("behind TLS at a public address", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ app: { publicUrl: "https://care.example.com/" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("makes the session cookie Secure and sends HSTS", async () => {
    await t.core.services.auth.addUser({
      workspaceId: t.workspaceId,
      email: "tls@example.com",
      name: "TLS",
      role: "agent",
      password: "tangerine-lighthouse-42",
    });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { origin: "https://care.example.com" },
      payload: { email: "tls@example.com", password: "tangerine-lighthouse-42" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === "parley_session")?.secure).toBe(true);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it("takes only the public origin as its own", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/session",
      headers: { origin: "http://care.example.com", host: "care.example.com" },
      payload: { email: "tls@example.com", password: "tangerine-lighthouse-42" },
    });
    expect(res.json().error.code).toBe("origin_refused");
  });
});

describe("sign-in guessing across accounts", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("slows one address guessing over many accounts, longer each time", async () => {
    const guess = (i: number) =>
      t.app.inject({
        method: "POST",
        url: "/api/session",
        remoteAddress: "203.0.113.50",
        payload: { email: `victim${i % 5}@example.com`, password: "guess-123" },
      });
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) codes.push((await guess(i)).json().error.code);
    expect(new Set(codes)).toEqual(new Set(["invalid_credentials"]));
    const limited = await guess(10);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not slowed by it.
    const other = await t.app.inject({
      method: "POST",
      url: "/api/session",
      remoteAddress: "203.0.113.51",
      payload: { email: "victim1@example.com", password: "guess-123" },
    });
    expect(other.json().error.code).toBe("invalid_credentials");
  });
});
