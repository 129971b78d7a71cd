/** Every page of the web app, checked with axe-core against WCAG 2.2 AA: no serious or critical violation. */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("accessibility of every page", () => {
  const session = useBrowserSession();

  test("the sign-in page", async () => {
    const { page } = session;
    await page.goto(session.url);
    await page.getByLabel("Email").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("each page an admin reaches from the menu, and a conversation", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    const found: Record<string, string[]> = {};
    // The inbox, with the demo's posts in it.
    await page.locator(".inbox-row").first().waitFor();
    found.inbox = await seriousViolations(page);
    await page.locator(".inbox-row .row-link").first().click();
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForTimeout(300);
    found.conversation = await seriousViolations(page);
    for (const [link, heading] of [
      ["Insights", "Insights"],
      ["Alerts", "Alerts"],
      ["Incidents", "Incidents"],
      ["Campaigns", "Campaigns"],
      ["Sources", "Sources"],
      ["Routing", "Routing"],
      ["Approvals", "Approvals"],
      ["Templates", "Templates"],
      ["SLAs", "SLAs"],
      ["Settings", "Settings"],
      ["Audit log", "Audit log"],
    ] as const) {
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.waitForTimeout(300);
      found[link] = await seriousViolations(page);
    }
    expect(found).toEqual({
      inbox: [],
      conversation: [],
      Insights: [],
      Alerts: [],
      Incidents: [],
      Campaigns: [],
      Sources: [],
      Routing: [],
      Approvals: [],
      Templates: [],
      SLAs: [],
      Settings: [],
      "Audit log": [],
    });
    // Thirteen pages, each waited for and checked: more than the default 30 s on a busy machine.
  }, 60_000);
});
