/**
 * Retention on both stores: the daily job, run by the scheduler and the worker on a ManualClock,
 * deletes or anonymises posts past the workspace's age, keeps the counts, and reports each run.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { ManualClock } from "../domain/clock.ts";
import { retentionJob } from "../jobs/retention.ts";
import { startScheduler, startWorker } from "../jobs/runner.ts";
import { sql } from "../store/orm.ts";

const DAY = 24 * 60 * 60_000;

describe.each(appBackends)("retention on $name", ({ postgres }) => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: string;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 11, 1, 3, 0, 0));
    t = await testApp({ postgres, core: { clock } });
    admin = (await t.signIn("admin")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  const OLD = "@lumenhelp ancient complaint about a hamsterwheel bill";
  const NEW = "@lumenhelp fresh complaint, no signal today";

  async function seed() {
    const oldAuthor = { platform: "x" as const, platformId: "old-1", handle: "long_gone", name: "Long Gone" };
    await t.core.pipeline.submit(
      t.workspaceId,
      [
        makePost({
          platformId: "o1",
          author: oldAuthor,
          text: OLD,
          createdAt: new Date(clock.now() - 90 * DAY),
        }),
        makePost({
          platformId: "o2",
          author: oldAuthor,
          text: `${OLD} again`,
          createdAt: new Date(clock.now() - 80 * DAY),
        }),
        makePost({ platformId: "n1", text: NEW, createdAt: new Date(clock.now() - 2 * DAY) }),
      ],
      { requireMatch: false },
    );
  }

  /** One scheduler round and the worker running what it enqueued. */
  async function daily() {
    const scheduler = startScheduler({ store: t.core.store, clock, definitions: [retentionJob], pollMs: 0 });
    await scheduler.tick();
    await scheduler.stop();
    const worker = startWorker({ store: t.core.store, clock, definitions: [retentionJob], pollMs: 0 });
    const ran = await worker.tick();
    await worker.stop();
    return ran;
  }

  const texts = async () =>
    (await t.core.database.rows<{ text: string }>(sql`select text from posts order by platform_id`)).map(
      (r) => r.text,
    );
  const handles = async () =>
    (await t.core.database.rows<{ handle: string }>(sql`select handle from authors order by handle`)).map(
      (r) => r.handle,
    );

  it("keeps everything until an age is set", async () => {
    await seed();
    expect(await daily()).toBe(1);
    expect(await texts()).toHaveLength(3);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/retention/runs", headers: { cookie: admin } })).json()
        .items,
    ).toEqual([]);
  });

  it("deletes posts and threads past the age, keeps their counts per day, and reports the run", async () => {
    await seed();
    const set = await t.app.inject({
      method: "PUT",
      url: "/api/retention",
      headers: { cookie: admin },
      payload: { maxAgeDays: 30, mode: "delete" },
    });
    expect(set.json()).toEqual({ maxAgeDays: 30, mode: "delete" });
    expect(await daily()).toBe(1);
    expect(await texts()).toEqual([NEW]);
    expect(await handles()).not.toContain("long_gone");
    const runs = (
      await t.app.inject({ method: "GET", url: "/api/retention/runs", headers: { cookie: admin } })
    ).json();
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({
      mode: "delete",
      posts: 2,
      authors: 1,
      cutoff: new Date(clock.now() - 30 * DAY).toISOString(),
    });
    expect(runs.items[0].conversations).toBeGreaterThanOrEqual(1);
    const daily_ = await t.core.store.retention.daily(t.workspaceId);
    expect(daily_.reduce((n, d) => n + d.posts, 0)).toBe(2);
    // The next day's run finds nothing more, and the clock moving on takes the next post.
    clock.advance(DAY);
    await daily();
    clock.advance(30 * DAY);
    await daily();
    expect(await texts()).toEqual([]);
    const all = (
      await t.app.inject({ method: "GET", url: "/api/retention/runs", headers: { cookie: admin } })
    ).json();
    expect(all.items.map((r: { posts: number }) => r.posts)).toEqual([1, 0, 2]);
    expect((await t.core.store.retention.daily(t.workspaceId)).reduce((n, d) => n + d.posts, 0)).toBe(3);
  });

  it("anonymises instead: labels kept for the aggregates, nothing that identifies anyone", async () => {
    await seed();
    await t.app.inject({
      method: "PUT",
      url: "/api/retention",
      headers: { cookie: admin },
      payload: { maxAgeDays: 30, mode: "anonymise" },
    });
    const run = await t.app.inject({
      method: "POST",
      url: "/api/retention/runs",
      headers: { cookie: admin },
    });
    expect(run.statusCode).toBe(201);
    expect(run.json()).toMatchObject({ mode: "anonymise", posts: 2, authors: 1 });
    expect(await texts()).toEqual([NEW, "", ""]);
    expect(await handles()).not.toContain("long_gone");
    const rows = await t.core.database.rows<Record<string, unknown>>(sql`select * from posts`);
    expect(JSON.stringify(rows)).not.toContain("hamsterwheel");
    expect(rows.map((r) => r.intent).every((i) => typeof i === "string" && i.length > 0)).toBe(true);
    // Running again anonymises nothing twice.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/retention/runs",
      headers: { cookie: admin },
    });
    expect(again.json().posts).toBe(0);
  });

  it("is for admins, and refuses an age that is not a whole number of days", async () => {
    const agent = (await t.signIn("agent")).cookie;
    expect(
      (await t.app.inject({ method: "GET", url: "/api/retention", headers: { cookie: agent } })).statusCode,
    ).toBe(403);
    const bad = await t.app.inject({
      method: "PUT",
      url: "/api/retention",
      headers: { cookie: admin },
      payload: { maxAgeDays: 0.5, mode: "delete" },
    });
    expect(bad.json().error.code).toBe("validation_failed");
  });
});
