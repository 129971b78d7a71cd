/**
 * The item's history in the conversation view: an agent opens a new post's item, takes it and
 * resolves it, and the History panel tells each step with who, as it happens; axe-clean, and it
 * fits a phone.
 */
import { describe, expect, test } from "vitest";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { PHONE, spillingPastTheScreen } from "./phoneWidth.ts";
import { useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("an item's history, in the browser", () => {
  const session = useBrowserSession();

  test("the history panel follows what happens to the item, naming who did it", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    const marker = `e2e-history-${Date.now()}`;
    await session.parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my card was charged twice`)]);
    const row = page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();

    const history = page.getByRole("region", { name: "History" });
    await history.getByText("Opened by the customer's post").waitFor();

    await page.getByRole("button", { name: /^Claim/ }).click();
    await history.getByText(`Taken by ${DEMO_AGENT.name}`).waitFor();
    await page.getByRole("button", { name: /^Resolve/ }).click();
    await history.getByText(`Resolved by ${DEMO_AGENT.name}`).waitFor();
    const steps = await history.locator(".history__what").allTextContents();
    expect(steps).toEqual([
      "Opened by the customer's post",
      `Taken by ${DEMO_AGENT.name}`,
      `Resolved by ${DEMO_AGENT.name}`,
    ]);
    // Each step says when, for a screen reader too.
    expect(await history.locator("time[datetime]").count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize(PHONE);
    await history.scrollIntoViewIfNeeded();
    expect(await spillingPastTheScreen(page)).toEqual([]);
  });
});
