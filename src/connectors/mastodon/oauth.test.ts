/** Getting an access token from the fake instance: the app registration, the authorize page, the code. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeMastodon, startFakeMastodon } from "../../../test/support/fakeMastodon.ts";
import { authorizeUrl, exchangeCode, MASTODON_SCOPES, OUT_OF_BAND, registerApp } from "./oauth.ts";

const CLI = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

/** The CLI in a child process, without blocking this one (the fake instance answers here). */
function parley(
  args: string[],
  input = "",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: "silent" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("Mastodon access tokens", () => {
  let fake: FakeMastodon;
  beforeEach(async () => {
    fake = await startFakeMastodon();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("registers the app, names the authorize page and trades the code for the token", async () => {
    const app = await registerApp(fake.url, { clientName: "Parley at Lumen" });
    expect(fake.apps).toEqual([
      {
        client_name: "Parley at Lumen",
        redirect_uris: OUT_OF_BAND,
        scopes: MASTODON_SCOPES,
        client_id: app.clientId,
      },
    ]);
    const page = new URL(authorizeUrl(fake.url, app.clientId));
    expect(page.pathname).toBe("/oauth/authorize");
    expect(Object.fromEntries(page.searchParams)).toEqual({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: OUT_OF_BAND,
      scope: MASTODON_SCOPES,
    });
    const code = fake.authorize(app.clientId);
    expect(await exchangeCode(fake.url, app, code)).toBe(fake.token);
    // A code is good once.
    await expect(exchangeCode(fake.url, app, code)).rejects.toMatchObject({
      kind: "refused",
      message: expect.stringContaining("invalid_grant"),
    });
    // A wrong secret is the instance's 401, which every peer request reads as refused credentials.
    await expect(
      exchangeCode(fake.url, { ...app, clientSecret: "wrong" }, fake.authorize(app.clientId)),
    ).rejects.toMatchObject({
      kind: "refused",
      message: expect.stringContaining("refused the credentials (HTTP 401)"),
    });
  });

  it("does it from the command line, with the client secret on standard input", async () => {
    const registered = await parley(["mastodon", "register", "--instance", fake.url]);
    expect(registered.code).toBe(0);
    const clientId = /client id:\s+(\S+)/.exec(registered.stdout)![1]!;
    const secret = /client secret:\s+(\S+)/.exec(registered.stdout)![1]!;
    expect(registered.stdout).toContain(authorizeUrl(fake.url, clientId));
    const code = fake.authorize(clientId);
    const token = await parley(
      ["mastodon", "token", "--instance", fake.url, "--client-id", clientId, "--code", code],
      `${secret}\n`,
    );
    expect(token).toMatchObject({ code: 0, stdout: `${fake.token}\n` });
    const again = await parley(
      ["mastodon", "token", "--instance", fake.url, "--client-id", clientId, "--code", code],
      `${secret}\n`,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("invalid_grant");
  });
});
