/** First run in the browser: the one-time setup code, what it creates, and what it refuses. */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends } from "../../test/support/app.ts";
import { freshPostgresUrl } from "../../test/support/databases.ts";
import { type Core, openCore } from "../core.ts";
import { setupService } from "../services/setup.ts";
import { SignInThrottle } from "../services/signInThrottle.ts";
import { buildApp } from "./app.ts";

interface Instance {
  core: Core;
  app: FastifyInstance;
  code: string;
  close(): Promise<void>;
}

/** A Parley with no workspace at all, as `parley start --no-demo` opens on a new store. */
async function emptyInstance(databaseUrl?: string): Promise<Instance> {
  const core = await openCore({ data: ":memory:", databaseUrl });
  const app = await buildApp({
    services: core.services,
    bus: core.bus,
    cookieSecret: "test-secret-test-secret-test-secret!",
    logLevel: "silent",
    webRoot: "/nonexistent",
  });
  await app.ready();
  const code = await core.services.setup.issueCode();
  if (!code) throw new Error("an empty store issued no setup code");
  return {
    core,
    app,
    code,
    async close() {
      await app.close();
      await core.close();
    },
  };
}

let n = 0;
function setupBody(code: string, overrides: { password?: string } = {}) {
  n += 1;
  return {
    code,
    workspace: {
      name: "Orbit Rail",
      handles: ["x:OrbitHelp", "orbitrail"],
      names: ["Orbit Rail", "Orbit"],
      languages: ["en", "de"],
      timeZone: "Europe/Berlin",
    },
    admin: {
      email: `owner${n}@orbit.example`,
      name: "Olga Owner",
      password: overrides.password ?? "quiet-harbour-lantern-7",
    },
  };
}

const setup = (app: FastifyInstance, payload: object, remoteAddress = "127.0.0.1") =>
  app.inject({ method: "POST", url: "/api/setup", payload, remoteAddress });

describe.each(appBackends)("first-run setup on $name", (backend) => {
  let fresh: { url: string; drop(): Promise<void> } | null = null;
  let t: Instance;

  beforeAll(async () => {
    fresh = backend.postgres ? await freshPostgresUrl(process.env.DATABASE_URL!) : null;
    t = await emptyInstance(fresh?.url);
  });
  afterAll(async () => {
    await t.close();
    await fresh?.drop();
  });

  it("is open while no workspace exists, and refuses a wrong code without creating anything", async () => {
    const status = await t.app.inject({ url: "/api/setup" });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({ needed: true });

    const wrong = await setup(t.app, setupBody("AAAA-BBBB-CCCC"));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_setup_code");
    expect(await t.core.store.workspaces.count()).toBe(0);
  });

  it("keeps the code usable when the rest of the form is wrong", async () => {
    const weak = await setup(t.app, setupBody(t.code, { password: "password" }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe("validation_failed");
    const zone = await setup(t.app, {
      ...setupBody(t.code),
      workspace: { ...setupBody(t.code).workspace, timeZone: "Mars/Olympus" },
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.details).toEqual([expect.objectContaining({ path: "timeZone" })]);
    expect(await t.core.store.workspaces.count()).toBe(0);
  });

  it("creates the workspace, its starter campaign and admin, and signs the admin in", async () => {
    // The code as someone might type it: lower case, without dashes.
    const body = setupBody(t.code.toLowerCase().replaceAll("-", ""));
    const done = await setup(t.app, body);
    expect(done.statusCode).toBe(201);
    const session = done.json();
    expect(session.user).toMatchObject({ email: body.admin.email, role: "admin" });
    expect(session.workspace).toMatchObject({
      name: "Orbit Rail",
      brandHandles: ["orbitrail"],
      platformHandles: { x: ["orbithelp"] },
      timeZone: "Europe/Berlin",
      languages: ["en", "de"],
    });
    const cookie = done.cookies.find((c) => c.name === "parley_session");
    expect(cookie?.httpOnly).toBe(true);

    const me = await t.app.inject({ url: "/api/me", headers: { cookie: `parley_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().workspace.id).toBe(session.workspace.id);

    const settings = await t.app.inject({
      url: "/api/workspace",
      headers: { cookie: `parley_session=${cookie!.value}` },
    });
    expect(settings.json().campaigns.starter).toMatchObject({
      name: "Everything about Orbit Rail",
      query: '@orbitrail OR @orbithelp OR "Orbit Rail" OR "Orbit"',
      languages: ["en", "de"],
    });
    const audit = await t.core.store.audit.forSubject(
      session.workspace.id,
      "workspace",
      session.workspace.id,
    );
    expect(audit.map((a) => a.action)).toEqual(["workspace.setup"]);
  });

  it("answers setup_done forever after, the right code included", async () => {
    const status = await t.app.inject({ url: "/api/setup" });
    expect(status.statusCode).toBe(409);
    expect(status.json().error.code).toBe("setup_done");
    const again = await setup(t.app, setupBody(t.code));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("setup_done");
    expect(await t.core.store.workspaces.count()).toBe(1);
    expect(await t.core.services.setup.issueCode()).toBeNull();
  });
});

describe("two setups at once on the embedded store", () => {
  it("lets exactly one win", async () => {
    const t = await emptyInstance();
    try {
      const results = await Promise.all([setup(t.app, setupBody(t.code)), setup(t.app, setupBody(t.code))]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("setup_done");
      expect(await t.core.store.workspaces.count()).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)("two web processes set up one PostgreSQL at once", () => {
  it("lets exactly one win, each with its own code", async () => {
    const fresh = await freshPostgresUrl(process.env.DATABASE_URL!);
    const a = await emptyInstance(fresh.url);
    const b = await emptyInstance(fresh.url);
    try {
      expect(a.code).not.toBe(b.code);
      const results = await Promise.all([setup(a.app, setupBody(a.code)), setup(b.app, setupBody(b.code))]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(await a.core.store.workspaces.count()).toBe(1);
      const [workspace] = await a.core.store.workspaces.list();
      expect(await a.core.store.users.list(workspace!.id)).toHaveLength(1);
      expect(await a.core.store.campaigns.list(workspace!.id)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

describe("guessing the setup code", () => {
  it("is slowed per address after five wrong codes, the right one included, until the wait is over", async () => {
    const core = await openCore({ data: ":memory:" });
    let now = 1_000_000;
    const perAddress = new SignInThrottle({ freeFailures: 5, firstDelayMs: 30_000, now: () => now });
    const setupWith = setupService(core.store, core.services.auth, { perAddress });
    try {
      const code = (await setupWith.issueCode())!;
      for (let i = 0; i < 5; i++) {
        await expect(setupWith.complete(setupBody(`WRONG-${i}`), "203.0.113.9")).rejects.toMatchObject({
          code: "invalid_setup_code",
        });
      }
      await expect(setupWith.complete(setupBody(code), "203.0.113.9")).rejects.toMatchObject({
        code: "rate_limited",
        details: { retryAfterSeconds: 30 },
      });
      // Another address is not held up by this one's guesses.
      await expect(setupWith.complete(setupBody("WRONG"), "198.51.100.1")).rejects.toMatchObject({
        code: "invalid_setup_code",
      });
      now += 30_001;
      const { principal } = await setupWith.complete(setupBody(code), "203.0.113.9");
      expect(principal.user.role).toBe("admin");
    } finally {
      await core.close();
    }
  });

  it("is slowed overall when many addresses guess", async () => {
    const core = await openCore({ data: ":memory:" });
    const overall = new SignInThrottle({ freeFailures: 3, firstDelayMs: 60_000 });
    const setupWith = setupService(core.store, core.services.auth, { overall });
    try {
      const code = (await setupWith.issueCode())!;
      for (let i = 0; i < 3; i++) {
        await expect(setupWith.complete(setupBody("WRONG"), `203.0.113.${i}`)).rejects.toMatchObject({
          code: "invalid_setup_code",
        });
      }
      await expect(setupWith.complete(setupBody(code), "192.0.2.1")).rejects.toMatchObject({
        code: "rate_limited",
      });
      expect(await core.store.workspaces.count()).toBe(0);
    } finally {
      await core.close();
    }
  });
});
