/**
 * Customers in the browser: an agent sees a suggested customer with its evidence beside the
 * conversation, confirms it, and reads the timeline across platforms; the Customers page and the
 * panel pass axe-core.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
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
});
