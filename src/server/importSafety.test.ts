import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

describe.each(appBackends)("imports with bad values on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (body: string | Buffer, type: string, query = "") =>
    t.app.inject({
      method: "POST",
      url: `/api/imports${query}`,
      headers: { cookie: admin.cookie, "content-type": type },
      payload: body,
    });

  it("stores every good line of a batch when one line holds a NUL", async () => {
    const lines = ["id,text,author"];
    for (let i = 1; i <= 3000; i++) {
      lines.push(`nul-${i},${i === 1499 ? "bad \u0000 text" : `@lumenhelp my line ${i} is down`},user${i}`);
    }
    const res = await upload(lines.join("\n"), "text/csv");
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ imported: 2999, rejected: 1 });
    expect(report.errors).toEqual([{ line: 1500, code: "invalid_encoding", reason: expect.any(String) }]);
  });

  it("reports each unstorable value on its line and stores the lines around it", async () => {
    const ok = (id: string) => ({ id, text: `@lumenhelp all fine ${id}`, author: "ana" });
    const rows: unknown[] = [
      ok("v1"),
      { id: "v2", text: "lone \ud800 surrogate", author: "bo" },
      { id: "v3", text: "old", author: "bo", created_at: "0000-01-01T00:00:00Z" },
      { id: "v4", text: "famous", author: { handle: "bo", followers: 1e300 } },
      { id: "v5", text: "link", author: "bo", url: `https://x.com/${"a".repeat(500_000)}` },
      { id: "v6", text: "nul in a key", author: "bo", extra: { "a\u0000": 1 } },
      ok("v7"),
    ];
    const res = await upload(rows.map((r) => JSON.stringify(r)).join("\n"), "application/x-ndjson");
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ imported: 2, rejected: 5 });
    expect(report.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, "invalid_encoding"],
      [3, "validation_failed"],
      [4, "validation_failed"],
      [5, "validation_failed"],
      [6, "invalid_encoding"],
    ]);
  });
});
