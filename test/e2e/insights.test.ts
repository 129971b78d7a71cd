import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("insights in the browser", () => {
  const session = useBrowserSession();

  test("trends chart and table from the rollups, a drill-down to the posts, on a laptop and a phone", async () => {
    const { page } = session;
    const marker = `trend-${Date.now()}`;
    await session.parley.ingest(
      Array.from({ length: 4 }, (_, i) =>
        demoPost(`@${DEMO_BRAND_HANDLE} the app crashes at login ${marker} (${i})`, {
          author: { platform: "demo", platformId: `e2e-voice-${i}`, handle: `voice_${i}`, followers: 10 },
        }),
      ),
    );
    await signIn(page, session.url, DEMO_USER);
    await page.goto(`${session.url}/#/insights`);
    await page.getByRole("heading", { name: "Trends", level: 2 }).waitFor();
    await page.locator(".trend-chart canvas").waitFor();
    await page.getByRole("heading", { name: "Care", level: 2 }).waitFor();
    await page.screenshot({ path: `${RESULTS}insights-trends-laptop.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Show as a table").check();
    const cell = page.locator(".trend-table button").last();
    await cell.waitFor();
    await cell.click();
    const behind = page.locator(".posts-behind");
    await behind.waitFor();
    // The posts are found through the rollups' point, and their text is shown as text.
    await expect
      .poll(() => behind.locator(".posts-behind__text", { hasText: marker }).count())
      .toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Split by").selectOption("intent");
    await page.locator(".trend-table th", { hasText: "complaint" }).first().waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${RESULTS}insights-trends-phone.png`, fullPage: true });
    // Nothing in the trends, KPIs or posts spills out of its panel (the table scrolls inside its own box).
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll(".trends, .kpis, .posts-behind")].flatMap((panel) => {
        const edge = panel.getBoundingClientRect().right + 1;
        return [...panel.querySelectorAll("*")]
          .filter((e) => !e.closest(".trend-table") && e.getBoundingClientRect().right > edge)
          .map((e) => `${e.tagName}.${e.className}`);
      }),
    );
    expect(wide).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
