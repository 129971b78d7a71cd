import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";

describe.each(appBackends)("users on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it("does not tell whether an email is taken in another workspace", async () => {
    const other = await t.core.store.workspaces.create({ name: "Elsewhere" });
    await t.core.services.auth.addUser({
      workspaceId: other.id,
      email: "hidden@elsewhere.example",
      name: "Hidden",
      role: "agent",
      password: "a-long-enough-secret",
    });
    const res = await send("POST", "/api/users", admin.cookie, {
      email: "hidden@elsewhere.example",
      name: "Probe",
      role: "agent",
      password: "another-long-secret",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("conflict");
    expect(res.body).not.toContain("hidden@elsewhere.example");
  });
});
