import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { makePost } from "../support/factories.ts";
import { generateClientTypes } from "./generate.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

describe("a client generated from /openapi.json", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    // The types are generated from the running app each time: the document is the contract, and
    // a generated file in the tree would only be a copy that can go stale.
    const document = (await t.app.inject({ url: "/openapi.json" })).json();
    mkdirSync(`${here}generated`, { recursive: true });
    writeFileSync(`${here}generated/parley.ts`, await generateClientTypes(document));
  });
  afterAll(async () => t?.close());

  it("compiles with tsc", async () => {
    const errors = await promisify(execFile)(process.execPath, [
      tsc,
      "--noEmit",
      "-p",
      `${here}tsconfig.json`,
    ])
      .then(() => "")
      .catch((err: { stdout?: string }) => err.stdout || String(err));
    expect(errors).toBe("");
  }, 120_000);

  it("signs in, lists work items and campaigns, creates a campaign and reads it back", async () => {
    const { parleyClient, ParleyApiError } = await import("./client.ts");
    const { campaignNames, inboxLines } = await import("./usage.ts");
    await t.core.services.auth.addUser({
      workspaceId: t.workspaceId,
      email: "script@example.com",
      name: "Script",
      role: "admin",
      password: "tangerine-lighthouse-42",
    });
    await t.core.pipeline.submit(t.workspaceId, [makePost({ text: "@lumenhelp my bill doubled, why?" })]);
    const client = parleyClient(async (request) => {
      const res = await t.app.inject({
        method: request.method as "GET",
        url: request.url,
        headers: request.headers,
        payload: request.body,
      });
      return {
        status: res.statusCode,
        headers: res.headers as Record<string, string | string[]>,
        body: res.body,
      };
    });

    await expect(client.listCampaigns()).rejects.toBeInstanceOf(ParleyApiError);
    const me = await client.signIn({ email: "script@example.com", password: "tangerine-lighthouse-42" });
    expect(me.body.user.role).toBe("admin");

    const inbox = await client.listWorkItems({ state: "new", limit: 10 });
    expect(inboxLines(inbox.body)).toEqual([
      expect.stringMatching(/new @user\d+ \(\w+\): @lumenhelp my bill/),
    ]);

    const created = await client.createCampaign({ name: "Billing", query: "bill OR invoice" });
    expect(created.status).toBe(201);
    const read = await client.getCampaign(created.body.id);
    expect(read.body).toEqual(created.body);
    expect(campaignNames((await client.listCampaigns()).body)).toContain("Billing");
  });
});
