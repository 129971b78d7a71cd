import { describe, expect, test } from "vitest";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("searching and filtering the inbox in the browser", () => {
  const session = useBrowserSession();

  test("a search and a filter narrow the list, live arrivals included, and live in the address", async () => {
    const { page } = session;
    await signIn(page, session.url);
    const marker = `e2e-filter-${Date.now()}`;
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} how do I activate roaming before my trip?`),
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} you charged me twice and nobody answers, refund me now`),
    ]);
    const rows = page.locator(".inbox-row", { hasText: marker });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);

    await page.getByLabel("Search").fill(marker);
    await page.getByLabel("Search").press("Enter");
    await page.waitForURL((url) => url.hash.includes(`q=${marker}`));
    await expect.poll(() => page.locator(".inbox-row").count()).toBe(2);

    await page.getByLabel("Intent").selectOption("question");
    await page.waitForURL((url) => url.hash.includes("intent=question"));
    await expect.poll(() => page.locator(".inbox-row").count()).toBe(1);
    expect(await page.locator(".inbox-row .row-text").textContent()).toContain("roaming");

    // Arriving live: a question with the marker joins the filtered list, a complaint does not.
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} how do I set up voicemail on my new phone?`),
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} third outage this week, this is unacceptable, fix it`),
    ]);
    await expect.poll(() => page.locator(".inbox-row").count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator(".inbox-row .row-text").allTextContents()).not.toContainEqual(
      expect.stringContaining("outage"),
    );
    await page.screenshot({ path: `${RESULTS}inbox-filtered.png` });

    // The address restores the view: a reload shows the same rows.
    await page.reload();
    await page.locator(".connection--live").waitFor();
    await expect.poll(() => page.locator(".inbox-row").count()).toBe(2);
    expect(await page.getByLabel("Intent").inputValue()).toBe("question");
    expect(await page.getByLabel("Search").inputValue()).toBe(marker);

    // Opening a conversation and coming back keeps the filter.
    await page.locator(".inbox-row .row-link").first().click();
    await page.locator(".post-text").first().waitFor();
    await page.locator(".back-link").click();
    await page.waitForURL((url) => url.hash.includes("intent=question"));
    await expect.poll(() => page.locator(".inbox-row").count()).toBe(2);

    // Saved under a name, the view comes back from the list after the filters are cleared.
    await page.getByRole("button", { name: "Save view…" }).click();
    await page.getByRole("textbox", { name: "Name" }).fill("Questions of the test");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "Saved view" }).inputValue()).not.toBe("");

    await page.getByRole("button", { name: /^Clear 2 filters/ }).click();
    await page.waitForURL((url) => !url.hash.includes("intent="));
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByRole("combobox", { name: "Saved view" }).inputValue()).toBe("");

    await page.getByRole("combobox", { name: "Saved view" }).selectOption({ label: "Questions of the test" });
    await page.waitForURL((url) => url.hash.includes("intent=question"));
    await expect.poll(() => page.locator(".inbox-row").count()).toBe(2);
    expect(await page.getByLabel("Search").inputValue()).toBe(marker);

    await page.getByRole("button", { name: "Delete view" }).click();
    await expect
      .poll(() => page.getByRole("combobox", { name: "Saved view" }).locator("option").count())
      .toBe(1);
  });
});
