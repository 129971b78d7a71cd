/**
 * Presence on the Supervisor page comes over the live channel: an agent changes theirs in their
 * own browser and the supervisor's row follows at once, without the page asking the server again.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("presence on the supervisor page, in the browser", () => {
  const session = useBrowserSession();

  test("an agent's presence change reaches the supervisor's page over the live channel", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Supervisor", exact: true }).click();
    await page.getByRole("heading", { name: "Supervisor", level: 1 }).waitFor();
    const row = page
      .getByRole("table", { name: "Agents" })
      .getByRole("row", { name: new RegExp(DEMO_AGENT.name) });
    await row.waitFor();
    let reloads = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/supervisor") reloads += 1;
    });

    const agentContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const agent = await agentContext.newPage();
      agent.setDefaultTimeout(10_000);
      await signIn(agent, session.url, DEMO_AGENT);
      const select = agent.getByLabel("Presence");
      await expect.poll(() => select.isEnabled()).toBe(true);
      for (const presence of ["available", "away", "offline"] as const) {
        if ((await select.inputValue()) === presence) continue;
        await select.selectOption(presence);
        await expect.poll(() => row.locator(".presence").textContent(), { timeout: 5_000 }).toBe(presence);
      }
      // Every change came on the socket: the page never asked for its view again.
      expect(reloads).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await agentContext.close();
    }
  });
});
