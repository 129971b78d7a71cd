import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { base32Decode, totpAt } from "../services/totp.ts";

const PASSWORD = "tangerine-lighthouse-42";

describe.each(appBackends)("the second factor on $name", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
  });
  afterAll(async () => {
    await t.close();
  });

  const signIn = (email: string, extra: object = {}) =>
    t.app.inject({ method: "POST", url: "/api/session", payload: { email, password: PASSWORD, ...extra } });
  const send = (method: "POST" | "DELETE", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("is asked for at sign-in once confirmed, and turned off with the password", async () => {
    const email = `mfa${Math.random().toString(36).slice(2)}@example.com`;
    const me = await t.signIn("agent", email);
    const started = (await send("POST", "/api/me/second-factor", me.cookie)).json();
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/Parley%3A/);
    const code = () => totpAt(base32Decode(started.secret), Date.now());
    // Not yet confirmed: the password alone still signs in.
    expect((await signIn(email)).statusCode).toBe(200);
    const wrong = await send("POST", "/api/me/second-factor/confirm", me.cookie, { code: "000000" });
    expect(wrong.json().error.code).toBe("invalid_credentials");
    expect(
      (await send("POST", "/api/me/second-factor/confirm", me.cookie, { code: code() })).statusCode,
    ).toBe(204);

    const without = await signIn(email);
    expect(without.statusCode).toBe(401);
    expect(without.json().error.code).toBe("second_factor_required");
    expect((await signIn(email, { code: "123456" })).json().error.code).toBe("invalid_credentials");
    expect((await signIn(email, { code: code() })).statusCode).toBe(200);

    const off = await send("DELETE", "/api/me/second-factor", me.cookie, { password: PASSWORD });
    expect(off.statusCode).toBe(204);
    expect((await signIn(email)).statusCode).toBe(200);
    const trail = await t.core.store.audit.forSubject(t.workspaceId, "user", me.userId);
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(["user.second_factor_on", "user.second_factor_off"]),
    );
  });
});
