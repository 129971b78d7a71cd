/** Trends, KPIs and exports over HTTP, with the rollup job run by a worker as in production. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";
import { settle as settleJobs } from "../../test/support/settle.ts";
import { ManualClock } from "../domain/clock.ts";
import { type JobWorker, startWorker } from "../jobs/runner.ts";

const HOUR = 60 * 60_000;

describe.each(appBackends)("insights over HTTP on $name", ({ postgres }) => {
  let t: TestApp;
  let worker: JobWorker;
  const clock = new ManualClock();

  beforeEach(async () => {
    // Work items are stamped by the database's clock: the test's clock runs a little ahead of it.
    clock.set(Date.now() + 10 * 60_000);
    t = await testApp({
      postgres,
      core: { clock, credentialsKey: "a-test-key-that-is-long-enough-for-the-box" },
    });
    worker = startWorker({ store: t.core.store, clock, definitions: t.core.jobs, pollMs: 0 });
  });
  afterEach(async () => {
    await worker.stop();
    await t.close();
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

  const settle = () => settleJobs(t.core.relay, worker);

  const recent = () => new Date(clock.now() - HOUR);
  const author = (id: string) => ({ platform: "x" as const, platformId: id, handle: id, followers: 5 });

  it("serves trends from the rollups the job keeps as posts arrive, one loud author counted once", async () => {
    const analyst = await t.signIn("analyst");
    const at = new Date(clock.now() - 2 * HOUR);
    await t.core.pipeline.submit(t.workspaceId, [
      ...Array.from({ length: 5 }, (_, i) =>
        makePost({ text: `@lumenhelp no signal again (${i})`, author: author("loud"), createdAt: at }),
      ),
      makePost({ text: "@lumenhelp my bill is wrong", author: author("ann"), createdAt: at }),
    ]);
    await settle();
    const res = await get("/api/insights/trends?dimension=total&interval=hour&days=1", analyst.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ key: "", posts: 6, authors: 2 });
    const hour = body.series[0].points.find((p: { posts: number }) => p.posts > 0);
    expect(hour).toEqual({
      at: new Date(Math.floor(at.getTime() / HOUR) * HOUR).toISOString(),
      posts: 6,
      authors: 2,
    });

    const behind = await get(
      `/api/insights/posts?dimension=total&interval=hour&at=${hour.at}`,
      analyst.cookie,
    );
    expect(behind.statusCode).toBe(200);
    expect(behind.json().posts).toHaveLength(6);
    expect(new Set(behind.json().posts.map((p: { author: string }) => p.author))).toEqual(
      new Set(["loud", "ann"]),
    );
    const none = await get(
      `/api/insights/posts?dimension=platform&key=mastodon&at=${hour.at}`,
      analyst.cookie,
    );
    expect(none.json().posts).toEqual([]);

    const platform = await get("/api/insights/trends?dimension=platform&platform=x", analyst.cookie);
    expect(platform.json().series.map((s: { key: string }) => s.key)).toEqual(["x"]);
    const elsewhere = await get("/api/insights/trends?dimension=platform&platform=mastodon", analyst.cookie);
    expect(elsewhere.json().series).toEqual([]);
  });

  it("refuses two filters at once and a period too long for hourly points", async () => {
    const analyst = await t.signIn("analyst");
    const two = await get("/api/insights/trends?language=en&topic=billing", analyst.cookie);
    expect(two.statusCode).toBe(400);
    expect(two.json().error.code).toBe("validation_failed");
    const long = await get("/api/insights/trends?interval=hour&days=60", analyst.cookie);
    expect(long.json().error.code).toBe("validation_failed");
    const backwards = await get(
      "/api/insights/trends?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
      analyst.cookie,
    );
    expect(backwards.json().error.code).toBe("validation_failed");
  });

  it("reports the backlog, resolution time and who handled what", async () => {
    const agent = await t.signIn("agent");
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({ text: "@lumenhelp the app crashes", author: author("a1"), createdAt: recent() }),
      makePost({ text: "@lumenhelp still no refund", author: author("a2"), createdAt: recent() }),
    ]);
    await settle();
    const before = (await get("/api/insights/kpis?days=1", agent.cookie)).json();
    expect(before).toMatchObject({ opened: 2, backlog: { open: 2 }, handledPerAgent: [], responseRate: 0 });
    expect(before.slaMetRate).toBeNull();
    const [item] = (await get("/api/work-items?state=new", agent.cookie)).json().items;
    for (const action of ["claim", "resolve"]) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/work-items/${item.id}/${action}`,
        headers: { cookie: agent.cookie },
        payload: {},
      });
      expect(res.statusCode).toBe(200);
    }
    const after = (await get("/api/insights/kpis?days=1", agent.cookie)).json();
    expect(after.backlog.open).toBe(1);
    expect(after.resolution.count).toBe(1);
    expect(after.resolution.medianMs).toBeGreaterThanOrEqual(0);
    expect(after.handledPerAgent).toEqual([{ userId: agent.userId, name: expect.any(String), handled: 1 }]);
  });

  it("streams posts and conversations as CSV with formula cells made inert, and as JSON lines", async () => {
    const analyst = await t.signIn("analyst");
    const agent = await t.signIn("agent");
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({
        text: '=HYPERLINK("http://evil.example") @lumenhelp refund me',
        author: author("x1"),
        createdAt: recent(),
      }),
      makePost({ text: "@lumenhelp, thanks, all good", author: author("x2"), createdAt: recent() }),
    ]);
    await settle();
    const csv = await get("/api/exports/posts.csv?days=30", analyst.cookie);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^post_id,posted_at,platform,/);
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"") @lumenhelp refund me"`);
    expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);

    const jsonl = await get("/api/exports/posts.jsonl?days=30", analyst.cookie);
    const rows = jsonl.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.text).sort()).toEqual([
      '=HYPERLINK("http://evil.example") @lumenhelp refund me',
      "@lumenhelp, thanks, all good",
    ]);
    expect(rows[0]).toHaveProperty("work_item_state");

    const conversations = await get("/api/exports/conversations.jsonl?days=30", analyst.cookie);
    const convRows = conversations.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(convRows).toHaveLength(2);
    expect(convRows[0]).toMatchObject({ posts: 1, authors: 1, work_items: 1 });

    expect((await get("/api/exports/posts.csv", agent.cookie)).statusCode).toBe(403);
    const audit = await t.core.store.audit.list(t.workspaceId, { action: "insight.export_posts", limit: 10 });
    expect(audit).toHaveLength(2);
  });
  it("exports the alert rules (never their secret) and the alerts they fired, with formula cells made inert", async () => {
    const admin = await t.signIn("admin");
    const analyst = await t.signIn("analyst");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/alert-rules",
      headers: { cookie: admin.cookie },
      payload: {
        name: "=Outages",
        condition: { kind: "keyword", keywords: ["outage"] },
        channels: [{ type: "webhook", url: "http://127.0.0.1:9/hook" }],
        allowPrivateNetwork: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const { rule, secret } = created.json();
    await t.core.pipeline.submit(t.workspaceId, [
      makePost({ text: "@lumenhelp total outage downtown", author: author("ann"), createdAt: recent() }),
      makePost({ text: "@lumenhelp all good here", author: author("bo"), createdAt: recent() }),
    ]);
    await settle();
    clock.advance(1000);

    const rules = await get("/api/exports/alert-rules.csv", analyst.cookie);
    expect(rules.statusCode).toBe(200);
    expect(rules.headers["content-type"]).toContain("text/csv");
    const ruleLines = rules.body.trimEnd().split("\r\n");
    expect(ruleLines[0]).toBe(
      "rule_id,name,kind,condition,condition_json,enabled,channels,quiet_minutes,allow_private_network,last_fired_at,created_at,updated_at",
    );
    expect(ruleLines).toHaveLength(2);
    expect(ruleLines[1]).toMatch(new RegExp(`^${rule.id},'=Outages,keyword,`));
    expect(rules.body).not.toContain(secret);
    expect(rules.body).not.toContain("whsec_");

    const alerts = await get("/api/exports/alerts.jsonl?days=1", analyst.cookie);
    expect(alerts.statusCode).toBe(200);
    const rows = alerts.body
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rule_id: rule.id,
      rule_name: "=Outages",
      rule_kind: "keyword",
      status: "fired",
      test: false,
      summary: '1 post by 1 author: mentions "outage"',
      authors: 1,
      suppressed_before: 0,
    });
    expect(rows[0].post_ids.split(" ")).toHaveLength(1);
    expect(rows[0].deliveries).toMatch(/^webhook:(queued|failed)$/);
    // Outside the period, nothing.
    const old = new Date(clock.now() - 10 * 24 * HOUR).toISOString();
    const before = await get(
      `/api/exports/alerts.csv?from=${old}&to=${recent().toISOString()}`,
      analyst.cookie,
    );
    expect(before.body.trimEnd().split("\r\n")).toHaveLength(1);

    const agent = await t.signIn("agent");
    expect((await get("/api/exports/alerts.csv", agent.cookie)).statusCode).toBe(403);
    const audit = await t.core.store.audit.list(t.workspaceId, {
      action: "insight.export_alerts",
      limit: 10,
    });
    expect(audit).toHaveLength(2);
    expect(
      await t.core.store.audit.list(t.workspaceId, { action: "insight.export_alert_rules", limit: 10 }),
    ).toHaveLength(1);
  });
});
