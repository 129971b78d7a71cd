/**
 * Customers over HTTP on both stores: create, edit, search; suggestions with evidence that an
 * agent confirms or rejects; explicit links and undo; merge and unmerge; the timeline across
 * profiles; consent refusing a reply; every change audited.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appBackends, type TestApp, testApp } from "../../test/support/app.ts";
import { makePost } from "../../test/support/factories.ts";

describe.each(appBackends)("customers on $name", ({ postgres }) => {
  let t: TestApp;
  let agent: string;
  let supervisor: string;

  beforeEach(async () => {
    t = await testApp({ postgres });
    agent = (await t.signIn("agent")).cookie;
    supervisor = (await t.signIn("supervisor")).cookie;
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    cookie = agent,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function customer(body: Record<string, unknown>) {
    const res = await call("POST", "/api/customers", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }

  /** The stored author of a handle, after its posts went through the pipeline. */
  async function authorId(platform: string, handle: string): Promise<string> {
    const [row] = await t.core.database.rows<{ id: string }>(
      (await import("../store/orm.ts"))
        .sql`select id from authors where platform = ${platform} and handle = ${handle}`,
    );
    if (!row) throw new Error(`no author ${handle}`);
    return row.id;
  }

  async function audit(action: string): Promise<unknown[]> {
    const admin = (await t.signIn("admin")).cookie;
    return (await call("GET", `/api/audit?action=${action}`, undefined, admin)).json().items;
  }

  it("creates, edits, finds and audits a customer; refuses bad identifiers with the field named", async () => {
    const created = await call("POST", "/api/customers", {
      externalId: "CRM-1",
      name: "Ada Okafor",
      emails: ["Ada.Okafor@Example.com"],
      phones: ["+44 7700 900123"],
      handles: { x: ["@AdaO"] },
      tier: "gold",
      language: "en",
      consent: { survey: false },
      customFields: { plan: "unlimited" },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      emails: ["ada.okafor@example.com"],
      phones: ["+447700900123"],
      handles: { x: ["adao"] },
      consent: { publicReply: true, privateContact: true, survey: false },
    });
    const edited = await call("PATCH", `/api/customers/${c.id}`, { tier: "vip", location: "Leeds" });
    expect(edited.json()).toMatchObject({
      tier: "vip",
      location: "Leeds",
      name: "Ada Okafor",
      emails: c.emails,
    });

    for (const q of ["okaf", "CRM-1", "ada.okafor@example.com", "07700 900123", "@adao"]) {
      const found = (await call("GET", `/api/customers?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((i: { id: string }) => i.id),
        q,
      ).toEqual([c.id]);
    }
    expect((await call("GET", "/api/customers?q=nobody")).json().items).toEqual([]);

    const bad = await call("POST", "/api/customers", { externalId: "CRM-2", emails: ["not-an-email"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "validation_failed", details: { field: "emails" } });
    const twice = await call("POST", "/api/customers", { externalId: "CRM-1" });
    expect(twice.json().error.code).toBe("conflict");
    expect((await call("GET", "/api/customers")).json().items).toHaveLength(1);

    expect(await audit("customer.created")).toHaveLength(1);
    expect(await audit("customer.updated")).toHaveLength(1);
  });

  it("suggests from evidence, links nothing until an agent confirms, and audits each decision and undo", async () => {
    const ada = await customer({ externalId: "A", name: "Ada Okafor", emails: ["ada@example.com"] });
    const other = await customer({ externalId: "B", name: "Ada Okafor", location: "Bristol" });
    await t.core.pipeline.submit(
      t.workspaceId,
      [
        makePost({
          author: { platform: "x", platformId: "xa", handle: "ada_o", name: "Ada Okafor" },
          text: "@lumenhelp my bill is wrong",
        }),
        makePost({
          author: { platform: "x", platformId: "xa", handle: "ada_o", name: "Ada Okafor" },
          text: "it is ada@example.com, thanks",
          channel: "private",
        }),
      ],
      { requireMatch: false },
    );
    const author = await authorId("x", "ada_o");
    const panel = (await call("GET", `/api/authors/${author}/customer`)).json();
    expect(panel.customer).toBeNull();
    // The namesake in Bristol is not suggested: a shared name is no evidence on its own.
    expect(panel.suggestions.map((s: { customerId: string }) => s.customerId)).toEqual([ada.id]);
    const [suggestion] = panel.suggestions;
    expect(suggestion.confidence).toBeGreaterThanOrEqual(0.9);
    expect(suggestion.evidence.map((e: { kind: string }) => e.kind)).toContain("email");
    expect(suggestion.evidence.find((e: { kind: string }) => e.kind === "email").detail).toContain(
      "ada@example.com",
    );
    // Suggested is not linked: no consent applies, no timeline yet.
    expect((await call("GET", `/api/customers/${ada.id}/timeline`)).json().items).toEqual([]);

    const confirmed = await call("POST", `/api/links/${suggestion.id}/decision`, { decision: "confirmed" });
    expect(confirmed.json()).toMatchObject({ status: "confirmed" });
    const again = await call("POST", `/api/links/${suggestion.id}/decision`, { decision: "rejected" });
    expect(again.json().error.code).toBe("conflict");
    const linked = (await call("GET", `/api/authors/${author}/customer`)).json();
    expect(linked.customer.id).toBe(ada.id);
    expect(linked.suggestions).toEqual([]);
    const timeline = (await call("GET", `/api/customers/${ada.id}/timeline`)).json();
    expect(timeline.items.filter((e: { kind: string }) => e.kind === "post")).toHaveLength(2);

    await call("DELETE", `/api/links/${suggestion.id}`);
    // Undone: suggested again from the same evidence; rejecting it keeps it from coming back.
    const back = (await call("GET", `/api/authors/${author}/customer`)).json();
    expect(back.customer).toBeNull();
    expect(back.suggestions).toHaveLength(1);
    await call("POST", `/api/links/${back.suggestions[0].id}/decision`, { decision: "rejected" });
    expect((await call("GET", `/api/authors/${author}/customer`)).json().suggestions).toEqual([]);

    // An explicit link to the other customer.
    const explicit = await call("POST", `/api/authors/${author}/links`, { customerId: other.id });
    expect(explicit.statusCode).toBe(201);
    expect(explicit.json().evidence).toEqual([{ kind: "agent", detail: "Linked by an agent" }]);

    expect(await audit("link.confirmed")).toHaveLength(1);
    expect(await audit("link.rejected")).toHaveLength(1);
    expect(await audit("link.undone")).toHaveLength(1);
    expect(await audit("link.created")).toHaveLength(1);
  });

  it("merges a customer with its links into another, shows one timeline across platforms, and unmerges", async () => {
    const a = await customer({ externalId: "A", name: "Sam Reyes", handles: { x: ["samr"] } });
    const b = await customer({ externalId: "B", name: "Samuel Reyes", handles: { mastodon: ["sam"] } });
    await t.core.pipeline.submit(
      t.workspaceId,
      [
        makePost({
          author: { platform: "x", platformId: "x1", handle: "samr" },
          text: "@lumenhelp no signal again",
        }),
        makePost({
          platform: "mastodon",
          author: { platform: "mastodon", platformId: "m1", handle: "sam" },
          text: "@lumenhelp still no signal",
        }),
      ],
      { requireMatch: false },
    );
    const onX = await authorId("x", "samr");
    const onMastodon = await authorId("mastodon", "sam");
    await call("POST", `/api/authors/${onX}/links`, { customerId: a.id });
    await call("POST", `/api/authors/${onMastodon}/links`, { customerId: b.id });

    const agentMerge = await call("POST", `/api/customers/${b.id}/merge`, { into: a.id });
    expect(agentMerge.statusCode).toBe(403);
    const merged = await call("POST", `/api/customers/${b.id}/merge`, { into: a.id }, supervisor);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(
      merged
        .json()
        .links.map((l: { author: { platform: string } }) => l.author.platform)
        .sort(),
    ).toEqual(["mastodon", "x"]);
    expect(merged.json().merged.map((m: { id: string }) => m.id)).toEqual([b.id]);
    expect((await call("GET", "/api/customers")).json().items.map((i: { id: string }) => i.id)).toEqual([
      a.id,
    ]);
    const platforms = (await call("GET", `/api/customers/${a.id}/timeline`))
      .json()
      .items.map((e: { platform: string }) => e.platform);
    expect(new Set(platforms)).toEqual(new Set(["x", "mastodon"]));

    const unmerged = await call("POST", `/api/customers/${b.id}/unmerge`, undefined, supervisor);
    expect(unmerged.json().links.map((l: { author: { id: string } }) => l.author.id)).toEqual([onMastodon]);
    expect((await call("GET", `/api/customers/${a.id}`)).json().links).toHaveLength(1);
    expect(
      (await call("POST", `/api/customers/${b.id}/unmerge`, undefined, supervisor)).json().error.code,
    ).toBe("conflict");
    expect(await audit("customer.merged")).toHaveLength(1);
    expect(await audit("customer.unmerged")).toHaveLength(1);
  });

  it("makes a profile confirmed as a VIP customer's a VIP author for routing rules", async () => {
    await t.core.pipeline.submit(
      t.workspaceId,
      [
        makePost({
          author: { platform: "x", platformId: "v1", handle: "bigspender" },
          text: "@lumenhelp help",
        }),
      ],
      { requireMatch: false },
    );
    const item = (await t.core.store.views.workItems(t.workspaceId, { limit: 10 }))[0]!;
    expect((await t.core.store.routing.facts(t.workspaceId, item.id))?.authorVip).toBe(false);
    const vip = await customer({ externalId: "V", name: "Big Spender", tier: "vip" });
    await call("POST", `/api/authors/${await authorId("x", "bigspender")}/links`, { customerId: vip.id });
    expect((await t.core.store.routing.facts(t.workspaceId, item.id))?.authorVip).toBe(true);
    await call("PATCH", `/api/customers/${vip.id}`, { tier: "gold" });
    expect((await t.core.store.routing.facts(t.workspaceId, item.id))?.authorVip).toBe(false);
  });

  it("refuses a public reply to a customer who declined public answers, and allows a private one", async () => {
    const source = await t.core.store.sources.create(t.workspaceId, {
      kind: "demo",
      name: "Demo",
      config: { seed: 1, ratePerSecond: 0, backlog: 0 },
      credentials: null,
    });
    const post = makePost({
      platform: "demo",
      author: { platform: "demo", platformId: "d1", handle: "quiet" },
      text: "@lumenhelp my phone has had no signal since this morning, please help",
    });
    await t.core.pipeline.submit(t.workspaceId, [post], { requireMatch: false, sourceId: source.id });
    const item = (await t.core.store.views.workItems(t.workspaceId, { limit: 10 }))[0]!;
    const who = await authorId("demo", "quiet");
    const c = await customer({ externalId: "Q", name: "Quiet", consent: { publicReply: false } });
    await call("POST", `/api/work-items/${item.id}/claim`);
    const reply = (channel: string) =>
      call("POST", `/api/work-items/${item.id}/replies`, { text: "Sorry, we are on it", channel });

    // Before any link nothing was declined.
    expect((await call("GET", `/api/authors/${who}/customer`)).json().consent.publicReply).toBe(true);
    await call("POST", `/api/authors/${who}/links`, { customerId: c.id });
    expect((await call("GET", `/api/authors/${who}/customer`)).json().consent).toEqual({
      publicReply: false,
      privateContact: true,
      survey: true,
    });
    const refused = await reply("public");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("consent_declined");
    expect((await call("GET", `/api/work-items/${item.id}/replies`)).json().items).toEqual([]);
    expect((await reply("private")).statusCode).toBe(202);
    expect(await t.core.services.consent.consentFor(t.workspaceId, { authorId: who }, "survey")).toEqual({
      allowed: true,
      declinedBy: null,
    });
    await call("PATCH", `/api/customers/${c.id}`, { consent: { survey: false } });
    expect(await t.core.services.consent.consentFor(t.workspaceId, { authorId: who }, "survey")).toEqual({
      allowed: false,
      declinedBy: c.id,
    });
  });
});
