import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";

describe("the HTTP edges", () => {
  let t: TestApp;
  let webRoot: string;
  let cookie: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), "parley-web-"));
    mkdirSync(join(webRoot, "assets"));
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>Parley</title><div id=root></div>");
    writeFileSync(join(webRoot, "assets", "index-3f9a1c.js"), "console.log('app');\n".repeat(200));
    writeFileSync(join(webRoot, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    t = await testApp({ app: { webRoot } });
    cookie = (await t.signIn("agent")).cookie;
    await t.core.pipeline.submit(
      t.workspaceId,
      Array.from({ length: 50 }, (_, i) =>
        makePost({ text: `@lumenhelp my order ${i} never arrived, help` }),
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it("compresses a JSON list for a client that accepts gzip, to the same JSON", async () => {
    const url = "/api/work-items?limit=50";
    const plain = await t.app.inject({ url, headers: { cookie } });
    const gzipped = await t.app.inject({ url, headers: { cookie, "accept-encoding": "gzip" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString())).toEqual(plain.json());
    expect(plain.json().items).toHaveLength(50);
    // Posts repeat their field names and analyses: several times smaller.
    expect(gzipped.rawPayload.length * 4).toBeLessThan(plain.rawPayload.length);
  });

  it("leaves small answers uncompressed", async () => {
    const res = await t.app.inject({ url: "/healthz", headers: { "accept-encoding": "gzip" } });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("serves hashed assets as immutable for a year, and the page as revalidated", async () => {
    const asset = await t.app.inject({ url: "/assets/index-3f9a1c.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const url of ["/", "/index.html", "/inbox", "/conversations/somewhere"]) {
      const page = await t.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.headers["cache-control"], url).toBe("no-cache");
    }
    const unhashed = await t.app.inject({ url: "/favicon.svg" });
    expect(unhashed.headers["cache-control"]).toBe("no-cache");
  });

  it("answers an unknown API path with the catalogue's 404, not the web app's page", async () => {
    for (const [method, url] of [
      ["GET", "/api/nothing-here"],
      ["GET", "/api"],
      ["GET", "/api/work-items/extra/parts"],
      ["GET", "/API/Campaigns-typo?x=1"],
      ["POST", "/api/nothing-here"],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { cookie } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/application\/json/);
      expect(res.json().error.code, url).toBe("not_found");
    }
  });
});
