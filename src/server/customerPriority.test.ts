/**
 * A customer's value tier raises the priority of the work items their posts open, through the
 * priority formula's customer-value term (and its weight the workspace sets), on both stores:
 * only a confirmed link counts, and a customer merged away counts no more.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";

describe.each(appBackends)("customer tier in priority on $name", ({ postgres }) => {
  let t: TestApp;
  let supervisor: string;

  beforeEach(async () => {
    t = await testApp({ postgres });
    supervisor = (await t.signIn("supervisor")).cookie;
    // A weight that makes each tier step a round ten points: standard 0, silver 10, gold 20, vip 30.
    const set = await t.app.inject({
      method: "PUT",
      url: "/api/priority",
      headers: { cookie: supervisor },
      payload: { customerValue: 0.3 },
    });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: supervisor },
      ...(payload === undefined ? {} : { payload }),
    });

  const TEXT = "@lumenhelp my phone has had no signal since this morning, please help";
  let n = 0;

  /**
   * The priority of the work item a post by this profile opens: the same words each time, two days
   * apart (so no post repeats another), each long past (so waiting adds its full weight to all).
   */
  async function priorityOf(platformId: string): Promise<number> {
    n += 1;
    const post = makePost({
      platformId: `p-${platformId}-${n}`,
      author: { platform: "x", platformId, handle: platformId, followers: 120 },
      text: TEXT,
      createdAt: new Date(Date.UTC(2026, 8, 1 + 2 * n, 12, 0, 0)),
    });
    await t.core.pipeline.submit(t.workspaceId, [post], { requireMatch: false });
    const items = await t.core.store.views.workItems(t.workspaceId, { limit: 100 });
    const item = items.find((i) => i.post.platformId === post.platformId);
    if (!item) throw new Error("no work item");
    return item.priority;
  }

  async function customerFor(handle: string, tier: string): Promise<string> {
    const created = await call("POST", "/api/customers", { externalId: `CRM-${handle}`, name: handle, tier });
    expect(created.statusCode, created.body).toBe(201);
    const author = await t.core.store.customers.authorByPlatformId(t.workspaceId, "x", handle);
    const linked = await call("POST", `/api/authors/${author!.id}/links`, { customerId: created.json().id });
    expect(linked.statusCode, linked.body).toBe(201);
    return created.json().id;
  }

  it("adds each tier's share of the customer-value weight to the item's priority", async () => {
    // The same words from profiles with no customer give the base priority.
    const base = await priorityOf("nobody");
    expect(await priorityOf("nobody2")).toBe(base);
    expect(base).toBeLessThanOrEqual(70);

    const tiers = { standard: 0, silver: 10, gold: 20, vip: 30 } as const;
    for (const [tier, points] of Object.entries(tiers)) {
      const handle = `c_${tier}`;
      await priorityOf(handle); // the profile exists before it is linked
      await customerFor(handle, tier);
      expect(await priorityOf(handle), tier).toBe(base + points);
    }
  });

  it("counts only confirmed links, and no longer a customer merged into a standard one", async () => {
    const base = await priorityOf("plain");
    // A suggested link (the CRM lists the handle) is not the customer yet.
    await priorityOf("sugg");
    const listed = await call("POST", "/api/customers", {
      externalId: "CRM-SUGG",
      name: "Sugg",
      tier: "vip",
      handles: { x: ["sugg"] },
    });
    const author = await t.core.store.customers.authorByPlatformId(t.workspaceId, "x", "sugg");
    const panel = (await call("GET", `/api/authors/${author!.id}/customer`)).json();
    expect(panel.suggestions.map((s: { customerId: string }) => s.customerId)).toEqual([listed.json().id]);
    expect(await priorityOf("sugg")).toBe(base);

    await priorityOf("merged");
    const vip = await customerFor("merged", "vip");
    expect(await priorityOf("merged")).toBe(base + 30);
    const standard = (await call("POST", "/api/customers", { externalId: "CRM-STD", name: "Std" })).json().id;
    expect((await call("POST", `/api/customers/${vip}/merge`, { into: standard })).statusCode).toBe(200);
    expect(await priorityOf("merged")).toBe(base);
  });
});
