import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { isDataError } from "./dataErrors.ts";

describe.each(appBackends)("isDataError on $name", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
  });
  afterAll(async () => {
    await t.close();
  });

  async function failureOf(text: string, followers: number): Promise<unknown> {
    const author = { platform: "x" as const, platformId: `a${followers}`, handle: "a", followers };
    return t.core.pipeline.submit(t.workspaceId, [makePost({ text, author })]).then(
      () => null,
      (err: unknown) => err,
    );
  }

  it("tells a value the store refuses from a fault of the store itself", async () => {
    expect(isDataError(await failureOf("nul \u0000 here", 1))).toBe(true);
    expect(isDataError(await failureOf("a count past 32 bits", 1e12))).toBe(true);
    expect(isDataError(new Error("connection terminated unexpectedly"))).toBe(false);
  });
});
