/**
 * Customers in the browser: an agent sees a suggested customer with its evidence beside the
 * conversation, confirms it, and reads the timeline across platforms; an agent asks the customer
 * to confirm and the customer does on the public page (a phone's width, no sign-in); an admin
 * merges and unmerges customers and erases one. Every page passes axe-core.
 */
import { describe, expect, test } from "vitest";
import type { CustomerFields } from "../../src/domain/customer.ts";
import { LINK_TOKEN_PURPOSE } from "../../src/domain/linkConfirmation.ts";
import { DEMO_USER } from "../../src/services/demo.ts";
import { sql } from "../../src/store/orm.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("customers, in the browser", () => {
  const session = useBrowserSession();

  test("an agent confirms a suggested customer from its evidence and sees one timeline", async () => {
    const { store } = session.parley.core;
    const workspace = (await store.workspaces.list()).find((w) => w.demo)!;
    const marker = `e2e-customer-${Date.now()}`;
    const who = {
      platform: "demo" as const,
      platformId: "e2e-ines",
      handle: "ines_e2e",
      name: "Ines Achterberg",
    };
    await store.customers.create(workspace.id, {
      externalId: "CRM-INES",
      name: "Ines Achterberg",
      emails: ["ines.a@example.org"],
      phones: [],
      handles: { mastodon: ["ines"] },
      orders: [],
      location: null,
      tier: "vip",
      language: "en",
      consent: { publicReply: false, privateContact: true, survey: true },
      customFields: {},
    });
    // Through the demo source, which can answer: the composer shows what the customer declined.
    const source = (await store.sources.list(workspace.id)).find((s) => s.kind === "demo")!;
    await session.parley.core.pipeline.submit(
      workspace.id,
      [
        demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my order never arrived`, { author: who }),
        demoPost("it's ines.a@example.org, thanks", { author: who, channel: "private" }),
      ],
      { requireMatch: false, sourceId: source.id },
    );
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} the courier lost it too`, {
        platform: "mastodon",
        author: { platform: "mastodon" as const, platformId: "m-ines", handle: "ines" },
      }),
    ]);
    // The Mastodon profile is linked already (the CRM lists it), by an agent through the API path.
    const [mastodon] = await store.customers.findByKeys(workspace.id, [
      { kind: "handle", value: "mastodon:ines" },
    ]);
    const profile = (await store.customers.authorIdsByHandle(workspace.id, "mastodon", "ines"))[0]!;
    await store.customers.confirmPair(
      workspace.id,
      { customerId: mastodon!.id, authorId: profile },
      (await store.users.list(workspace.id))[0]!.id,
      new Date(),
    );

    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    const row = page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();

    const panel = page.getByRole("region", { name: "Customer" });
    const suggestion = panel.getByRole("list", { name: "Suggested customers" }).getByRole("listitem").first();
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain("Ines Achterberg");
    expect(await suggestion.getByRole("list", { name: "Evidence" }).textContent()).toContain(
      "The author gave the email ines.a@example.org in a private message",
    );
    await page.waitForTimeout(300);
    expect(await seriousViolations(page)).toEqual([]);
    await suggestion.getByRole("button", { name: "Confirm link" }).click();

    const timeline = panel.getByRole("list", { name: "Customer timeline" });
    await timeline.waitFor();
    // The Mastodon post is in the timeline as a post (and as the work item it opened).
    await timeline
      .getByRole("listitem")
      .filter({ hasText: "Post · Mastodon" })
      .getByText("the courier lost it too")
      .waitFor();
    expect(await timeline.textContent()).toContain(marker);
    // What the customer declined is in the panel and in the composer before any send.
    expect(await panel.getByRole("note").textContent()).toContain("public answers");
    await page.getByText("The customer declined public answers: answer by private message.").waitFor();
    await page.screenshot({ path: `${RESULTS}customer-linked.png` });

    // Undo puts the suggestion back.
    await panel.getByRole("button", { name: "Undo link" }).click();
    await panel.getByRole("button", { name: "Confirm link" }).waitFor();
  });

  test("the Customers page lists, finds and edits customers, and passes axe-core", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Customers", exact: true }).click();
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    await page.getByRole("button", { name: "New customer" }).click();
    const form = page.getByRole("form", { name: "New customer" });
    await form.getByLabel("Name", { exact: true }).fill("Oskar Brandvold");
    await form.getByLabel("CRM id").fill("CRM-OSKAR");
    await form.getByLabel("Emails").fill("oskar@example.net");
    await form.getByLabel("Surveys").uncheck();
    await form.getByRole("button", { name: "Create customer" }).click();
    await page.getByRole("button", { name: "Oskar Brandvold" }).waitFor();
    await page.getByLabel("Find a customer").fill("oskar@example.net");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const table = page.getByRole("table", { name: "Customers" });
    await table.getByText("Declined: surveys").waitFor();
    await page.waitForTimeout(300);
    expect(await seriousViolations(page)).toEqual([]);
  });

  const crm = (fields: Partial<CustomerFields> & { externalId: string; name: string }): CustomerFields => ({
    emails: [],
    phones: [],
    handles: {},
    orders: [],
    location: null,
    tier: "standard",
    language: "en",
    consent: { publicReply: true, privateContact: true, survey: true },
    customFields: {},
    ...fields,
  });

  test("an agent asks the customer to confirm; the customer confirms on the public page, once", async () => {
    const { core } = session.parley;
    const workspace = (await core.store.workspaces.list()).find((w) => w.demo)!;
    const marker = `e2e-confirm-${Date.now()}`;
    const who = {
      platform: "demo" as const,
      platformId: "e2e-tove",
      handle: "tove_e2e",
      name: "Tove Lindqvist",
    };
    await core.store.customers.create(
      workspace.id,
      crm({ externalId: "CRM-TOVE", name: "Tove Lindqvist", emails: ["tove.l@example.org"] }),
    );
    const source = (await core.store.sources.list(workspace.id)).find((s) => s.kind === "demo")!;
    await core.pipeline.submit(
      workspace.id,
      [
        demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my invoice is wrong`, { author: who }),
        demoPost("my email is tove.l@example.org", { author: who, channel: "private" }),
      ],
      { requireMatch: false, sourceId: source.id },
    );

    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    const row = page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();
    const panel = page.getByRole("region", { name: "Customer" });
    const suggestion = panel.getByRole("list", { name: "Suggested customers" }).getByRole("listitem").first();
    await suggestion.waitFor();
    await suggestion.getByRole("button", { name: "Ask the customer to confirm" }).click();
    await panel.getByText("A private message with a one-time link is on its way").waitFor();

    // The token is in the message only: the test derives it as the sender does, with the key.
    const author = (await core.store.customers.authorIdsByHandle(workspace.id, "demo", who.handle))[0]!;
    const [request] = await core.database.rows<{ id: string }>(
      sql`select id from link_confirmations where author_id = ${author}`,
    );
    const token = core.box.derive(LINK_TOKEN_PURPOSE, request!.id);

    // The customer, on a phone, not signed in.
    const phone = await session.browser.newContext({ viewport: { width: 390, height: 800 } });
    try {
      const customerPage = await phone.newPage();
      customerPage.setDefaultTimeout(10_000);
      await customerPage.goto(`${session.url}/#/confirm/${token}`);
      await customerPage.getByRole("heading", { name: "Confirm your account" }).waitFor();
      const ask = await customerPage.locator("main").textContent();
      expect(ask).toContain("@tove_e2e");
      expect(ask).toContain("Lumen");
      expect(ask).not.toContain("tove.l@example.org");
      expect(await customerPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      expect(await seriousViolations(customerPage)).toEqual([]);
      await customerPage.keyboard.press("Tab");
      await customerPage.keyboard.press("Enter");
      await customerPage.getByRole("heading", { name: "Thank you" }).waitFor();
      await customerPage.screenshot({ path: `${RESULTS}link-confirmed.png` });

      await customerPage.reload();
      await customerPage.getByRole("heading", { name: "This link was used already" }).waitFor();
      await customerPage.goto(`${session.url}/#/confirm/${token.slice(0, -3)}abc`);
      await customerPage.reload();
      await customerPage.getByRole("heading", { name: "This link is not known" }).waitFor();
      expect(await seriousViolations(customerPage)).toEqual([]);
    } finally {
      await phone.close();
    }

    // The agent's panel shows the customer, confirmed by the customer.
    await page.reload();
    await panel.getByText("Confirmed by the customer").waitFor();
    expect(await panel.textContent()).toContain("Tove Lindqvist");
  });

  test("an admin merges a customer into another and unmerges it, with its linked profile", async () => {
    const { core } = session.parley;
    const workspace = (await core.store.workspaces.list()).find((w) => w.demo)!;
    const stamp = Date.now();
    const from = await core.store.customers.create(
      workspace.id,
      crm({ externalId: `CRM-M1-${stamp}`, name: "Maren Holt", emails: [`maren.${stamp}@example.net`] }),
    );
    await core.store.customers.create(
      workspace.id,
      crm({ externalId: `CRM-M2-${stamp}`, name: "Maren Holt-Berg", tier: "gold" }),
    );
    await core.pipeline.submit(
      workspace.id,
      [
        demoPost(`@${DEMO_BRAND_HANDLE} merge-e2e-${stamp} my router keeps dropping`, {
          author: { platform: "demo", platformId: `e2e-maren-${stamp}`, handle: `maren_${stamp}` },
        }),
      ],
      { requireMatch: false },
    );
    const profile = (
      await core.store.customers.authorIdsByHandle(workspace.id, "demo", `maren_${stamp}`)
    )[0]!;
    await core.store.customers.confirmPair(
      workspace.id,
      { customerId: from.id, authorId: profile },
      (await core.store.users.list(workspace.id))[0]!.id,
      new Date(),
    );

    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Customers", exact: true }).click();
    await page.getByLabel("Find a customer").fill(`CRM-M1-${stamp}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("button", { name: "Maren Holt", exact: true }).click();
    const detail = page.getByRole("region", { name: /Maren Holt/ });
    await detail.getByText(`@maren_${stamp} on demo`).waitFor();
    await detail.getByLabel("Merge into another customer").fill(`CRM-M2-${stamp}`);
    await detail.getByRole("button", { name: "Merge", exact: true }).click();

    // The customer it went into is shown, with the profile it brought and where from.
    const target = page.getByRole("region", { name: /Maren Holt-Berg/ });
    await target.getByText("(from a merged customer)").waitFor();
    expect(await target.getByRole("heading", { name: "Merged into this one" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}customer-merged.png` });
    await target.getByRole("button", { name: "Unmerge" }).click();
    await target.getByRole("heading", { name: "Merged into this one" }).waitFor({ state: "detached" });
    expect(await target.getByText(`@maren_${stamp} on demo`).count()).toBe(0);

    // Listed again, with its profile back.
    await page.getByLabel("Find a customer").fill(`CRM-M1-${stamp}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("button", { name: "Maren Holt", exact: true }).click();
    await page
      .getByRole("region", { name: /^Maren Holt/ })
      .getByText(`@maren_${stamp} on demo`)
      .waitFor();
  });

  test("an admin erases a customer with their profile's posts, after a second explicit step", async () => {
    const { core } = session.parley;
    const workspace = (await core.store.workspaces.list()).find((w) => w.demo)!;
    const stamp = Date.now();
    const handle = `pim_${stamp}`;
    const customer = await core.store.customers.create(
      workspace.id,
      crm({ externalId: `CRM-E-${stamp}`, name: "Pim Erasmus" }),
    );
    await core.pipeline.submit(
      workspace.id,
      [
        demoPost(`@${DEMO_BRAND_HANDLE} erase-e2e-${stamp} please delete everything about me`, {
          author: { platform: "demo", platformId: `e2e-pim-${stamp}`, handle },
        }),
      ],
      { requireMatch: false },
    );
    const profile = (await core.store.customers.authorIdsByHandle(workspace.id, "demo", handle))[0]!;
    await core.store.customers.confirmPair(
      workspace.id,
      { customerId: customer.id, authorId: profile },
      (await core.store.users.list(workspace.id))[0]!.id,
      new Date(),
    );

    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Customers", exact: true }).click();
    await page.getByLabel("Find a customer").fill(`CRM-E-${stamp}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("button", { name: "Pim Erasmus", exact: true }).click();
    const detail = page.getByRole("region", { name: /Pim Erasmus/ });
    await detail.getByRole("button", { name: "Erase their data…" }).click();
    // The second step takes the focus: Enter would erase, Keep backs out.
    const warning = detail.getByRole("group");
    await warning.getByText("This cannot be undone.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await warning.getByRole("button", { name: "Keep" }).click();
    expect(await detail.getByRole("button", { name: "Erase for good" }).count()).toBe(0);
    await detail.getByRole("button", { name: "Erase their data…" }).click();
    await detail.getByRole("button", { name: "Erase for good" }).click();

    const status = page.getByRole("status").filter({ hasText: "Erased:" });
    await status.waitFor();
    expect(await status.textContent()).toContain("1 customer record, 1 profile, 1 post");
    await page.screenshot({ path: `${RESULTS}customer-erased.png` });
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByText("No customers match.").waitFor();
    expect(await core.store.customers.authorIdsByHandle(workspace.id, "demo", handle)).toEqual([]);
    expect(await core.store.customers.get(workspace.id, customer.id)).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
