import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(appBackends)("bad input on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: "GET" | "POST", url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  it.each([
    ["a NUL in a token name", "/api/tokens", { name: "a\u0000b" }],
    [
      "an unpaired surrogate in a campaign's handles",
      "/api/campaigns",
      { name: "c", query: "a", excludeAuthors: ["\ud800"] },
    ],
    ["a NUL in a campaign query", "/api/campaigns", { name: "c", query: "refund\u0000" }],
  ])("answers %s with invalid_encoding and the field's path", async (_name, url, payload) => {
    const res = await send("POST", url, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_encoding");
    expect(res.json().error.details[0].path).toMatch(/^(name|excludeAuthors\.0|query)$/);
  });

  it("answers a body nested thousands deep with validation_failed", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      payload: `{"name":${"[".repeat(5000)}${"]".repeat(5000)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });

  it.each([
    ["an id of dashes", [0.5, "2026-01-01T00:00:00.000Z", "------------------------------------"]],
    ["an id with a letter past f", [0.5, "2026-01-01T00:00:00.000Z", "0000000g-0000-0000-0000-000000000000"]],
    ["the year 0000", [0.5, "0000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]],
    [
      "a date past the year 9999",
      [0.5, "+275760-09-13T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"],
    ],
    ["a date in another form", [0.5, "2026-01-01", "00000000-0000-4000-8000-000000000000"]],
    [
      "a priority past any number",
      ["1e400", "2026-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"],
    ],
    ["an object", { priority: 1 }],
  ])("refuses a cursor with %s as invalid_cursor", async (_name, value) => {
    const raw = JSON.stringify(value).replace('"1e400"', "1e400");
    const res = await send("GET", `/api/work-items?cursor=${Buffer.from(raw).toString("base64url")}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_cursor");
  });

  it("accepts a cursor as the API issues it", async () => {
    const res = await send(
      "GET",
      `/api/work-items?cursor=${cursorOf([0.5, "2026-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])}`,
    );
    expect(res.statusCode).toBe(200);
  });

  it("refuses a campaign query nested thousands deep with invalid_query", async () => {
    const query = `${"(".repeat(4990)}refund${")".repeat(4990)}`;
    const res = await send("POST", "/api/campaigns", { name: "deep", query });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_query");
  });

  it("answers an over-long or badly encoded path with the catalogue's shape", async () => {
    for (const url of [`/api/work-items/${"a".repeat(300)}`, "/api/work-items/%ff%fe"]) {
      const res = await send("GET", url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
  });
});
