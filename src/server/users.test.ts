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

describe.each(appBackends)("who may grant what, on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
    supervisor = await t.signIn("supervisor");
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: "GET" | "POST" | "PATCH", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const newUser = (role: string) => ({
    email: `u${Math.random().toString(36).slice(2)}@example.com`,
    name: "New User",
    role,
    password: "tangerine-lighthouse-42",
  });

  it("does not let a supervisor create an admin, or make anyone one", async () => {
    const created = await send("POST", "/api/users", supervisor.cookie, newUser("admin"));
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe("forbidden");
    const agent = (await send("POST", "/api/users", supervisor.cookie, newUser("agent"))).json();
    const promoted = await send("PATCH", `/api/users/${agent.id}`, supervisor.cookie, { role: "admin" });
    expect(promoted.statusCode).toBe(403);
    const demoted = await send("PATCH", `/api/users/${admin.userId}`, supervisor.cookie, { role: "agent" });
    expect(demoted.statusCode).toBe(403);
  });

  it("lets an admin grant admin, and audits every role change with what it was", async () => {
    const user = (await send("POST", "/api/users", admin.cookie, newUser("analyst"))).json();
    const res = await send("PATCH", `/api/users/${user.id}`, admin.cookie, { role: "admin" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, role: "admin", disabled: false });
    const trail = await t.core.store.audit.forSubject(t.workspaceId, "user", user.id);
    expect(trail.map((e) => [e.action, e.detail])).toEqual([
      ["user.create", { role: "analyst" }],
      ["user.role_change", { from: "analyst", to: "admin" }],
    ]);
  });

  it("refuses a common password for a new user", async () => {
    const res = await send("POST", "/api/users", admin.cookie, {
      ...newUser("agent"),
      password: "Password123!",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/too easy to guess/);
  });

  it("does not let anyone change their own role", async () => {
    const res = await send("PATCH", `/api/users/${admin.userId}`, admin.cookie, { role: "agent" });
    expect(res.statusCode).toBe(400);
  });
});
