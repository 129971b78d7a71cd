import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

declare global {
  interface Window {
    __pwned?: number;
  }
}

describe("the audit log in the browser", () => {
  const session = useBrowserSession();

  test("an admin reads who did what, with recorded text shown as text", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    const marker = `audit-${Date.now()}`;
    const query = `"${marker}" OR "<img src=x onerror=window.__pwned=1>"`;
    const status = await page.evaluate(
      async (body) =>
        (
          await fetch("/api/campaigns", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          })
        ).status,
      { name: `Watch ${marker}`, query },
    );
    expect(status).toBe(201);

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const row = page.locator(".audit tbody tr", { hasText: marker });
    await row.waitFor();
    expect(await row.locator(".audit__detail").textContent()).toBe(`query: ${query}`);
    expect(await row.locator("td").nth(1).textContent()).toBe(DEMO_USER.name);
    expect(await row.locator("td").nth(2).textContent()).toBe("Created a campaign");
    expect(await page.locator(".audit img").count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

    // A filter that matches nothing says so; one that matches shows only those entries.
    await page.getByLabel("Entity").selectOption("user");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.locator(".audit tbody tr", { hasText: marker }).count()).toBe(0);
    await page.getByLabel("Entity").selectOption("campaign");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.locator(".audit tbody tr", { hasText: marker }).waitFor();
    const actions = await page.locator(".audit tbody tr td:nth-child(3)").allTextContents();
    expect(actions.every((a) => a.includes("campaign"))).toBe(true);
    await page.screenshot({ path: `${RESULTS}audit.png`, fullPage: true });
  });

  test("an agent has no audit log in the menu, and the API refuses them", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch("/api/audit")).status);
    expect(status).toBe(403);
  });
});
