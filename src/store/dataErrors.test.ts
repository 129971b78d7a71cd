import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { isDataError } from "./dataErrors.ts";

// SQLite stores a NUL and a 64-bit count as they are; PostgreSQL refuses both.
describe.each(appBackends.filter((b) => b.postgres))("isDataError on $name", (backend) => {
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

describe("isDataError on SQLite", () => {
  it("tells a constraint the values break from a fault of the store itself", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("create table t (k text primary key not null)");
    db.prepare("insert into t values (?)").run("a");
    const failure = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err;
      }
      return null;
    };
    expect(isDataError(failure(() => db.prepare("insert into t values (?)").run("a")))).toBe(true);
    expect(isDataError(failure(() => db.prepare("insert into t values (?)").run(null)))).toBe(true);
    expect(isDataError(failure(() => db.prepare("select * from missing").all()))).toBe(false);
    db.close();
  });
});
