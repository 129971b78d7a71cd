import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("SLAs in the browser", () => {
  const session = useBrowserSession();

  test("an admin adds a policy on the SLA page, and a new item shows its SLA state in the inbox and the conversation", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    const marker = `sla-${Date.now()}`;
    await page.getByRole("link", { name: "SLAs", exact: true }).click();
    await page.getByRole("heading", { name: "SLAs", level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const form = page.getByRole("form", { name: "New SLA policy" });
    await form.getByLabel("Name").fill(`Demo ${marker}`);
    await form.getByLabel("Platforms").fill("demo");
    await form.getByLabel("First response").fill("90");
    await form.getByLabel("Resolution").fill("480");
    await form.getByRole("button", { name: "Add policy" }).click();
    const row = page.locator("tr", { hasText: `Demo ${marker}` });
    await row.waitFor();
    expect(await row.textContent()).toContain("first response 1 h 30 min");
    // A policy for VIP customers, chosen by the customer's tier.
    await form.getByLabel("Name").fill(`VIP ${marker}`);
    await form.getByLabel("Platforms").fill("");
    await form.getByLabel("Customer tier").selectOption("vip");
    await form.getByLabel("First response").fill("15");
    await form.getByLabel("Resolution").fill("");
    await form.getByRole("button", { name: "Add policy" }).click();
    const vipRow = page.locator("tr", { hasText: `VIP ${marker}` });
    await vipRow.waitFor();
    expect(await vipRow.textContent()).toContain("tier: vip");
    expect(await vipRow.textContent()).toContain("first response 15 min");

    const calendar = page.getByRole("form", { name: "New calendar" });
    await calendar.getByLabel("Name").fill(`Office ${marker}`);
    await calendar.getByLabel("Time zone").fill("Europe/Paris");
    await calendar.getByLabel("Holidays (dates in the calendar's zone)").fill("2026-12-25");
    await calendar.getByRole("button", { name: "Add calendar" }).click();
    await page.locator("tr", { hasText: `Office ${marker}` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}sla-page.png`, fullPage: true });

    await session.parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} my order ${marker} never arrived`)]);
    await page.getByRole("link", { name: /^Inbox/ }).click();
    await page.getByText("Time to breach").click();
    const item = page.locator(".inbox-row", { hasText: marker });
    await item.waitFor({ timeout: 15_000 });
    const badge = item.locator(".sla-badge");
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.getAttribute("data-sla-state")).toBe("on_time");
    expect(await badge.textContent()).toMatch(/On time.*left/);
    expect(await badge.getAttribute("title")).toMatch(/to first response/);
    await page.screenshot({ path: `${RESULTS}sla-inbox.png` });

    await item.locator(".row-link").click();
    const line = page.locator(".sla-line");
    await line.waitFor();
    expect(await line.textContent()).toContain(`Demo ${marker}`);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
