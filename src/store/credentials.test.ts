import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

describe.each(appBackends)("instance secrets on $name", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
  });
  afterAll(async () => {
    await t.close();
  });

  it("keeps the first secret made, even when processes ask at once", async () => {
    const asked = await Promise.all(
      ["a", "b", "c"].map((v) => t.core.store.credentials.instanceSecret("signing", () => `secret-${v}`)),
    );
    expect(new Set(asked).size).toBe(1);
    expect(await t.core.store.credentials.instanceSecret("signing", () => "later")).toBe(asked[0]);
  });
});
