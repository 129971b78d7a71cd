/** Workspace settings over HTTP: who reads and changes them, and where a change goes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { freshPostgresUrl } from "../../test/support/databases.ts";
import { makePost } from "../../test/support/factories.ts";
import { openCore } from "../core.ts";
import type { DomainEvent } from "../domain/events.ts";

describe.each(appBackends)("workspace settings on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };
  let supervisor: { cookie: string; userId: string };
  let agent: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
    supervisor = await t.signIn("supervisor");
    agent = await t.signIn("agent");
  });
  afterAll(async () => {
    await t.close();
  });

  const read = (cookie: string) => t.app.inject({ url: "/api/workspace", headers: { cookie } });
  const change = (cookie: string, payload: object) =>
    t.app.inject({ method: "PATCH", url: "/api/workspace", headers: { cookie }, payload });

  it("shows every role its workspace's settings", async () => {
    const res = await read(agent.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: t.workspaceId,
      name: "Lumen",
      brandHandles: ["lumenhelp"],
      platformHandles: {},
      timeZone: "UTC",
      taxonomy: { starter: null, starters: expect.arrayContaining(["telecom"]) },
      campaigns: { starter: null, competitors: null },
    });
  });

  it("lets only admins change them", async () => {
    for (const cookie of [agent.cookie, supervisor.cookie]) {
      const res = await change(cookie, { timeZone: "Europe/Berlin" });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
    expect((await read(agent.cookie)).json().timeZone).toBe("UTC");
  });

  it("refuses a bad setting with the field named, and changes nothing", async () => {
    const cases: [object, string][] = [
      [{ timeZone: "Europe/Atlantis" }, "timeZone"],
      [{ languages: ["english"] }, "languages"],
      [{ brandHandles: [], platformHandles: {} }, "brandHandles"],
      [{ platformHandles: { x: ["not a handle"] } }, "platformHandles.x.0"],
      [{ employeeHandles: ["lumenhelp"] }, "employeeHandles"],
      [{ competitors: [{ name: "", handles: ["orbit"] }] }, "competitors.0.name"],
      [{ taxonomyStarter: "astrology" }, "taxonomyStarter"],
    ];
    for (const [payload, path] of cases) {
      const res = await change(admin.cookie, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
      expect(res.json().error.details).toEqual([expect.objectContaining({ path })]);
    }
    const unknown = await change(admin.cookie, { brandColour: "teal" });
    expect(unknown.statusCode).toBe(400);
    expect((await read(admin.cookie)).json()).toMatchObject({
      brandHandles: ["lumenhelp"],
      languages: [],
      timeZone: "UTC",
      employeeHandles: [],
      competitors: [],
    });
  });

  it("saves a change, audits it, and announces it to every process after commit", async () => {
    const heard: DomainEvent[] = [];
    const stop = t.core.bus.onEvent((event) => heard.push(event));
    const res = await change(admin.cookie, {
      brandNames: ["Lumen Mobile", "Lumen"],
      platformHandles: { x: ["@LumenCare"] },
      employeeHandles: ["x:JaneAtLumen"],
      languages: ["en", "FR"],
      timeZone: "europe/paris",
      competitors: [{ name: "Orbit Telecom", handles: ["orbithelp"] }],
      taxonomyStarter: "telecom",
    });
    await t.core.relay.flush();
    stop();
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({
      brandNames: ["Lumen Mobile", "Lumen"],
      platformHandles: { x: ["lumencare"] },
      employeeHandles: ["x:janeatlumen"],
      languages: ["en", "fr"],
      timeZone: "Europe/Paris",
      taxonomy: { starter: "telecom" },
      campaigns: {
        competitors: { name: "Competitors", query: '@orbithelp OR "Orbit Telecom"', languages: ["en", "fr"] },
      },
    });
    expect(heard.filter((e) => e.type === "workspace.changed").map((e) => e.workspaceId)).toEqual([
      t.workspaceId,
    ]);

    const audit = await t.core.store.audit.forSubject(t.workspaceId, "workspace", t.workspaceId);
    const last = audit.at(-1)!;
    expect(last.action).toBe("workspace.update");
    expect(last.actorUserId).toBe(admin.userId);
    expect(last.detail).toMatchObject({
      timeZone: { from: "UTC", to: "Europe/Paris" },
      taxonomyStarter: { from: null, to: "telecom" },
    });
  });

  it("changes what the pipeline does with the next posts", async () => {
    // Cached before the change above? The context was rebuilt: @lumencare on X is now the brand.
    const brand = makePost({ text: "@someone we are looking into it", author: brandAuthor("LumenCare") });
    const employee = makePost({
      text: "@lumenhelp my own line has no signal, the whole office is down",
      author: brandAuthor("JaneAtLumen"),
    });
    const customer = makePost({ text: "@lumenhelp my line has no signal since this morning, help" });
    // @lumencare is the brand on X only: on Bluesky it is a customer like any other.
    const namesake = makePost({
      platform: "bluesky",
      text: "@lumenhelp my line has no signal since this morning, please help",
      author: { ...brandAuthor("LumenCare"), platform: "bluesky" },
    });
    await t.core.pipeline.submit(t.workspaceId, [brand, employee, customer, namesake]);
    const posts = await t.core.store.views.workItems(t.workspaceId, { limit: 50 });
    const opened = posts.map((w) => w.post.platformId);
    expect(opened).toContain(customer.platformId);
    expect(opened).toContain(namesake.platformId);
    expect(opened).not.toContain(employee.platformId);
    expect(opened).not.toContain(brand.platformId);
    const stored = await t.core.store.views.posts(t.workspaceId, { limit: 1000 });
    const authorOf = (platformId: string) => stored.find((p) => p.platformId === platformId)?.author;
    expect(authorOf(brand.platformId)?.isBrand).toBe(true);
    expect(authorOf(employee.platformId)?.isBrand).toBe(false);
  });
});

function brandAuthor(handle: string) {
  return { platform: "x" as const, platformId: handle.toLowerCase(), handle, followers: 10 };
}

describe.each(appBackends)("the campaigns settings make, on $name", (backend) => {
  let t: TestApp;
  let admin: { cookie: string; userId: string };

  beforeAll(async () => {
    t = await testApp({ postgres: backend.postgres });
    admin = await t.signIn("admin");
  });
  afterAll(async () => {
    await t.close();
  });

  it("follow the settings until someone edits them by hand", async () => {
    const made = await t.core.services.workspaces.create({ name: "Acme", handles: ["acmehelp"] });
    const update = (patch: object) =>
      t.core.services.workspaces.update(made.id, patch, { userId: admin.userId });

    const renamed = await update({ brandNames: ["Acme", "Acme Rail"] });
    expect(renamed.campaigns.starter?.query).toBe('@acmehelp OR "Acme" OR "Acme Rail"');

    const withRivals = await update({ competitors: [{ name: "Orbit", handles: [] }] });
    const rivalId = withRivals.campaigns.competitors!.id;
    await t.core.services.campaigns.update(
      { user: { id: admin.userId, email: "a@x", name: "A", role: "admin" }, workspace: withRivals },
      made.starterCampaignId!,
      { query: "@acmehelp OR acme*" },
    );
    const after = await update({ brandNames: ["Acme"], competitors: [] });
    // Hand-edited: left alone. Untouched and no longer made by the settings: removed.
    expect(after.campaigns.starter?.query).toBe("@acmehelp OR acme*");
    expect(after.campaigns.competitors).toBeNull();
    expect(await t.core.store.campaigns.get(made.id, rivalId)).toBeNull();
  });

  it("leave a workspace made without a starter campaign without one", async () => {
    const settings = await t.core.services.workspaces.update(
      t.workspaceId,
      { brandNames: ["Lumen"] },
      { userId: admin.userId },
    );
    expect(settings.campaigns.starter).toBeNull();
    expect(await t.core.store.campaigns.list(t.workspaceId)).toHaveLength(0);
  });
});

describe.runIf(process.env.DATABASE_URL && process.env.NATS_URL)(
  "a settings change on PostgreSQL and NATS",
  () => {
    it("reaches another process's cached context", async () => {
      const fresh = await freshPostgresUrl(process.env.DATABASE_URL!);
      const t = await testApp({ core: { databaseUrl: fresh.url, natsUrl: process.env.NATS_URL } });
      // The ingest process: its own store connection, bus connection and context cache.
      const other = await openCore({ databaseUrl: fresh.url, natsUrl: process.env.NATS_URL });
      try {
        const admin = await t.signIn("admin");
        const before = await other.contexts.get(t.workspaceId);
        expect(before.authorKind?.("bluesky", "lumen.bsky.social")).toBe("other");
        const res = await t.app.inject({
          method: "PATCH",
          url: "/api/workspace",
          headers: { cookie: admin.cookie },
          payload: { platformHandles: { bluesky: ["lumen.bsky.social"] } },
        });
        expect(res.statusCode).toBe(200);
        await expect
          .poll(async () =>
            (await other.contexts.get(t.workspaceId)).authorKind?.("bluesky", "lumen.bsky.social"),
          )
          .toBe("brand");
      } finally {
        await other.close();
        await t.close();
        await fresh.drop();
      }
    });
  },
);
