import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test/support/app.ts";

describe("/metrics", () => {
  describe("without a metrics token", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it("answers a caller on this machine", async () => {
      const res = await t.app.inject({ url: "/metrics" });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("parley_posts_stored_total");
    });

    it("refuses a caller from elsewhere, and one that came through a proxy", async () => {
      const remote = await t.app.inject({ url: "/metrics", remoteAddress: "10.1.2.3" });
      expect(remote.statusCode).toBe(403);
      expect(remote.json().error.code).toBe("forbidden");
      const proxied = await t.app.inject({ url: "/metrics", headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(proxied.statusCode).toBe(403);
    });
  });

  describe("with a metrics token", () => {
    let t: TestApp;
    const token = "metrics-token-0123456789";
    beforeAll(async () => {
      t = await testApp({ app: { metricsToken: token } });
    });
    afterAll(async () => {
      await t.close();
    });

    it("requires the token from every caller, local ones included", async () => {
      const none = await t.app.inject({ url: "/metrics" });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe("unauthenticated");
      const wrong = await t.app.inject({ url: "/metrics", headers: { authorization: "Bearer nope" } });
      expect(wrong.statusCode).toBe(401);
      const right = await t.app.inject({
        url: "/metrics",
        remoteAddress: "10.1.2.3",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
    });
  });
});
