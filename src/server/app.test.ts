import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from "./routes/session.ts";

describe.each(appBackends)("the HTTP API on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };
  let agent: { cookie: string; userId: string };
  let otherAgent: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
    agent = await t.signIn("agent");
    otherAgent = await t.signIn("agent");
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  const post = (url: string, cookie: string, payload?: unknown) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  describe("operations endpoints", () => {
    it("answers health checks and serves Prometheus metrics", async () => {
      expect((await get("/healthz")).json()).toEqual({ status: "ok" });
      const metrics = await get("/metrics");
      expect(metrics.headers["content-type"]).toContain("text/plain");
      expect(metrics.body).toContain("# TYPE parley_posts_stored_total counter");
    });

    it("sends a content security policy that allows only the app's own scripts", async () => {
      const csp = (await get("/healthz")).headers["content-security-policy"];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-eval");
    });

    it("describes the API in OpenAPI", async () => {
      const spec = (await get("/openapi.json")).json();
      expect(spec.openapi).toBe("3.1.0");
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining([
          "/api/work-items",
          "/api/work-items/{id}/claim",
          "/api/campaigns",
          "/api/imports",
        ]),
      );
    });
  });

  describe("authentication", () => {
    it("refuses a wrong password with a stable code", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email: "nobody@example.com", password: "wrong-password" },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("invalid_credentials");
    });

    it("slows password guessing on one account with rate_limited", async () => {
      const attempt = () =>
        t.app.inject({
          method: "POST",
          url: "/api/session",
          remoteAddress: "198.51.100.7",
          payload: { email: "target@example.com", password: "guess-123" },
        });
      const codes: string[] = [];
      for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE + 1; i++)
        codes.push((await attempt()).json().error.code);
      expect(codes.slice(0, SIGN_IN_ATTEMPTS_PER_MINUTE).every((c) => c === "invalid_credentials")).toBe(
        true,
      );
      expect(codes.at(-1)).toBe("rate_limited");
      // Callers from other addresses are not slowed by it.
      expect((await t.signIn("agent")).cookie).toMatch(/^parley_session=/);
    });

    it("keeps anonymous callers out of the API", async () => {
      const res = await get("/api/work-items");
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthenticated");
    });

    it("rejects a forged session cookie", async () => {
      const res = await get("/api/me", "parley_session=forged.value");
      expect(res.json().error.code).toBe("unauthenticated");
    });

    it("tells the signed-in user who they are", async () => {
      const me = (await get("/api/me", agent.cookie)).json();
      expect(me.user).toMatchObject({ id: agent.userId, role: "agent" });
      expect(me.workspace.id).toBe(t.workspaceId);
      expect(me.user.passwordHash).toBeUndefined();
    });

    it("accepts API tokens as bearer credentials", async () => {
      const { token } = (await post("/api/tokens", agent.cookie, { name: "script" })).json();
      const res = await t.app.inject({
        method: "GET",
        url: "/api/me",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.json().user.id).toBe(agent.userId);
    });

    it("ends the session on sign-out", async () => {
      const me = await t.signIn("analyst");
      expect(
        (await t.app.inject({ method: "DELETE", url: "/api/session", headers: { cookie: me.cookie } }))
          .statusCode,
      ).toBe(204);
      expect((await get("/api/me", me.cookie)).statusCode).toBe(401);
    });
  });

  describe("campaigns", () => {
    it("lets an admin create, change and delete a campaign", async () => {
      const created = await post("/api/campaigns", admin.cookie, {
        name: "Outages",
        query: 'lumen AND (outage OR "no signal")',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      const patched = await t.app.inject({
        method: "PATCH",
        url: `/api/campaigns/${id}`,
        headers: { cookie: admin.cookie },
        payload: { languages: ["en"] },
      });
      expect(patched.json().languages).toEqual(["en"]);
      expect(
        (
          await t.app.inject({
            method: "DELETE",
            url: `/api/campaigns/${id}`,
            headers: { cookie: admin.cookie },
          })
        ).statusCode,
      ).toBe(204);
      expect((await get(`/api/campaigns/${id}`, admin.cookie)).json().error.code).toBe("not_found");
    });

    it("refuses a query that does not parse, saying where", async () => {
      const res = await post("/api/campaigns", admin.cookie, { name: "Broken", query: "lumen AND (outage" });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("invalid_query");
      expect(res.json().error.details.position).toEqual(expect.any(Number));
    });

    it("does not let agents change campaigns", async () => {
      const res = await post("/api/campaigns", agent.cookie, { name: "Nope", query: "lumen" });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    });
  });

  describe("bad input", () => {
    it("answers malformed JSON with a stable code", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/campaigns",
        headers: { cookie: admin.cookie, "content-type": "application/json" },
        payload: '{"name": "x", ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("malformed_json");
    });

    it("refuses oversized bodies", async () => {
      const res = await post("/api/campaigns", admin.cookie, { name: "big", query: "x".repeat(100_000) });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe("payload_too_large");
    });

    it("lists every invalid field", async () => {
      const res = await post("/api/campaigns", admin.cookie, { name: "", query: 5 });
      expect(res.json().error.code).toBe("validation_failed");
      expect(
        res
          .json()
          .error.details.map((d: { path: string }) => d.path)
          .sort(),
      ).toEqual(["name", "query"]);
    });

    it("refuses a forged pagination cursor", async () => {
      const res = await get("/api/work-items?cursor=bm90LWEtY3Vyc29y", agent.cookie);
      expect(res.json().error.code).toBe("invalid_cursor");
    });

    it("answers unknown API routes with not_found", async () => {
      expect((await get("/api/nothing-here", agent.cookie)).json().error.code).toBe("not_found");
    });
  });

  describe("imports and work items", () => {
    const jsonl = [
      JSON.stringify({
        id: "t1",
        text: "@lumenhelp my bill doubled, I want a refund",
        author: "maria",
        platform: "x",
      }),
      "{not json",
      JSON.stringify({
        id: "t2",
        text: "@lumenhelp no signal in Lyon since 8am, is there an outage?",
        author: "paul",
        platform: "x",
      }),
    ].join("\n");

    it("imports what it can read and reports each bad line", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/imports?format=jsonl",
        headers: { cookie: admin.cookie, "content-type": "application/x-ndjson" },
        payload: jsonl,
      });
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ imported: 2, duplicates: 0, rejected: 1 });
      expect(report.errors).toEqual([{ line: 2, code: "malformed_line", reason: expect.any(String) }]);
    });

    it("stores nothing twice when the same file is imported again", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/imports",
        headers: { cookie: admin.cookie, "content-type": "application/x-ndjson" },
        payload: jsonl,
      });
      expect(res.json()).toMatchObject({ imported: 0, duplicates: 2 });
    });

    it("lets one agent hold an item, and shows the lock to the others", async () => {
      await t.core.pipeline.submit(t.workspaceId, [
        makePost({ text: "@lumenhelp my phone was charged twice, help?" }),
      ]);
      const list = (await get("/api/work-items?state=new", agent.cookie)).json();
      expect(list.items.length).toBeGreaterThan(0);
      const id = list.items[0].id;
      const claimed = await post(`/api/work-items/${id}/claim`, agent.cookie);
      expect(claimed.json()).toMatchObject({ state: "reserved", assignee: { id: agent.userId } });
      const stolen = await post(`/api/work-items/${id}/claim`, otherAgent.cookie);
      expect(stolen.statusCode).toBe(409);
      expect(stolen.json().error.code).toBe("work_item_reserved");
      const resolved = await post(`/api/work-items/${id}/resolve`, agent.cookie);
      expect(resolved.json().state).toBe("handled");
      const open = (await get("/api/work-items?state=new,reserved&limit=200", agent.cookie)).json();
      expect(open.items.map((i: { id: string }) => i.id)).not.toContain(id);
      const again = await post(`/api/work-items/${id}/claim`, agent.cookie);
      expect(again.json().error.code).toBe("invalid_transition");
    });

    it("records why an item was discarded", async () => {
      await t.core.pipeline.submit(t.workspaceId, [
        makePost({ text: "@lumenhelp is the lumen max worth it? thinking of buying" }),
      ]);
      const [item] = (await get("/api/work-items?state=new&limit=1", agent.cookie)).json().items;
      await post(`/api/work-items/${item.id}/claim`, agent.cookie);
      const res = await post(`/api/work-items/${item.id}/discard`, agent.cookie, { reason: "irrelevant" });
      expect(res.json()).toMatchObject({ state: "discarded", discardReason: "irrelevant" });
    });

    it("pages through work items without repeating one", async () => {
      await t.core.pipeline.submit(
        t.workspaceId,
        Array.from({ length: 7 }, (_, i) => makePost({ text: `@lumenhelp refund please, order ${i}` })),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await get(`/api/work-items?state=new&limit=3${cursor ? `&cursor=${cursor}` : ""}`, agent.cookie)
        ).json();
        seen.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.length).toBeGreaterThanOrEqual(7);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it("shows a conversation with its thread", async () => {
      const root = makePost({ text: "@lumenhelp your app is broken, it logs me out every hour. Terrible." });
      const reply = makePost({
        text: "@lumenhelp still not working today, awful",
        replyToPlatformId: root.platformId,
      });
      await t.core.pipeline.submit(t.workspaceId, [root, reply]);
      const items = (await get("/api/work-items?state=new&limit=200", agent.cookie)).json().items;
      const item = items.find(
        (i: { post: { platformId: string } }) => i.post.platformId === reply.platformId,
      );
      const conversation = (await get(`/api/conversations/${item.conversationId}`, agent.cookie)).json();
      expect(conversation.posts.map((p: { text: string }) => p.text)).toEqual([root.text, reply.text]);
      expect(conversation.rootPostId).toBe(conversation.posts[0].id);
    });
  });

  describe("personal data", () => {
    it("is redacted from post text for analysts and shown whole to agents", async () => {
      const analyst = await t.signIn("analyst");
      const text = "@lumenhelp refund my card 4111 1111 1111 1111 please, mail me at ana@example.com";
      await t.core.pipeline.submit(t.workspaceId, [makePost({ text })]);
      const find = async (cookie: string) =>
        (await get("/api/work-items?state=new&limit=200", cookie))
          .json()
          .items.find((i: { post: { text: string } }) => i.post.text.startsWith("@lumenhelp refund my card"));
      const forAgent = await find(agent.cookie);
      const forAnalyst = await find(analyst.cookie);
      expect(forAgent.post.text).toBe(text);
      expect(forAnalyst.post.text).not.toContain("4111");
      expect(forAnalyst.post.text).not.toContain("ana@example.com");
      expect(forAnalyst.post.text).toContain("[card]");
      const post = (await get(`/api/posts/${forAnalyst.post.id}`, analyst.cookie)).json();
      expect(post.text).toBe(forAnalyst.post.text);
    });
  });
});
