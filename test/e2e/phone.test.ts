import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { PHONE, spillingPastTheScreen } from "./phoneWidth.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("the web app on a phone", () => {
  const session = useBrowserSession();

  async function phonePage(): Promise<Page> {
    const context = await session.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, session.url);
    return page;
  }

  test("the links fold behind a menu button, and following one closes it", async () => {
    const page = await phonePage();
    const menu = page.getByRole("button", { name: "Menu" });
    const routing = page.getByRole("link", { name: "Routing" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await routing.isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await routing.waitFor();
    await page.screenshot({ path: `${RESULTS}phone-menu.png` });

    await routing.click();
    await page.getByRole("heading", { name: "Routing", level: 1 }).waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await routing.isVisible()).toBe(false);
    expect(await spillingPastTheScreen(page)).toEqual([]);
  });

  test("an inbox row is a card that fits the screen and opens the thread first", async () => {
    const page = await phonePage();
    const marker = `e2e-phone-${Date.now()}`;
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} the app has not worked for three days, please fix it`),
    ]);
    const row = page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });

    const box = await row.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? -1) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(PHONE.width);
    // The whole marker is readable in the card, not cut to the width of a column.
    const text = row.locator(".row-text");
    const textBox = await text.boundingBox();
    expect(textBox?.width ?? 0).toBeGreaterThan(PHONE.width / 2);
    expect(await spillingPastTheScreen(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}phone-inbox.png` });

    await row.locator(".row-link").click();
    const post = page.locator(".post-text", { hasText: marker });
    await post.waitFor();
    // The post is on screen as the conversation opens, above the work item's panels.
    const postBox = await post.boundingBox();
    expect(postBox?.width ?? 0).toBeGreaterThan(PHONE.width / 2);
    expect((postBox?.y ?? Number.POSITIVE_INFINITY) + (postBox?.height ?? 0)).toBeLessThanOrEqual(
      PHONE.height,
    );
    const claim = await page.getByRole("button", { name: /^Claim/ }).boundingBox();
    expect(claim?.y ?? 0).toBeGreaterThan(postBox?.y ?? Number.POSITIVE_INFINITY);
    expect(await spillingPastTheScreen(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}phone-conversation.png` });
  });

  test("every page fits the screen's width", async () => {
    const page = await phonePage();
    const spills: Record<string, string[]> = {};
    for (const name of [
      "Approvals",
      "Customers",
      "Insights",
      "Alerts",
      "Incidents",
      "Campaigns",
      "Supervisor",
      "Routing",
      "Templates",
      "SLAs",
      "Sources",
      "Settings",
      "Audit log",
    ]) {
      await page.getByRole("button", { name: "Menu" }).click();
      const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
      const href = await link.getAttribute("href");
      await link.click();
      await page.waitForFunction((wanted) => window.location.hash === wanted, href);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      spills[name] = await spillingPastTheScreen(page);
    }
    expect(spills).toEqual(Object.fromEntries(Object.keys(spills).map((name) => [name, []])));
  });
});
