import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { startHandoffReceiver } from "../support/handoffReceiver.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("alerts, in the browser", () => {
  const session = useBrowserSession();

  test("an admin creates a keyword rule; a matching post fires it, the webhook gets it signed, and the page shows why and the post", async () => {
    const receiver = await startHandoffReceiver();
    try {
      const { page } = session;
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Alerts" }).click();
      await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
      await page.getByRole("button", { name: "New rule" }).click();
      const marker = `zebracrossing${Date.now()}`;
      await page.getByLabel("Name").fill("Zebra crossing outage");
      await page.getByLabel("Kind").selectOption("keyword");
      await page.getByLabel("Words or phrases, one per line").fill(marker);
      await page.getByLabel("Signed webhook URLs, one per line").fill(receiver.url);
      await page.getByLabel(/Allow private-network addresses/).check();
      await page.getByLabel("Quiet period (minutes)").fill("15");
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Create rule" }).click();

      const secret = page.locator(".handoff-endpoint__secret code");
      await secret.waitFor();
      receiver.secret = (await secret.textContent()) ?? "";
      expect(receiver.secret).toMatch(/^whsec_/);
      const row = page.getByRole("row", { name: /Zebra crossing outage/ });
      await expect(row.textContent()).resolves.toContain(`mentions "${marker}"`);
      await expect(row.textContent()).resolves.toContain("15 min");

      // Rotating from the form shows a new secret once; the delivery below verifies only with it.
      const first = receiver.secret;
      page.once("dialog", (dialog) => dialog.accept());
      await page.getByRole("button", { name: "Edit Zebra crossing outage" }).click();
      await page.getByRole("button", { name: "Rotate signing secret" }).click();
      await page.getByText(/New signing secret made for Zebra crossing outage/).waitFor();
      receiver.secret = (await secret.textContent()) ?? "";
      expect(receiver.secret).toMatch(/^whsec_/);
      expect(receiver.secret).not.toBe(first);

      await session.parley.ingest([
        demoPost(`@${DEMO_BRAND_HANDLE} the lights at the ${marker} are out <b>again</b>`),
      ]);
      // The alert is matched and delivered by the jobs; the page shows it after a reload.
      const deadline = Date.now() + 20_000;
      while (receiver.received.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.verified).toBe(true);
      const body = JSON.parse(receiver.received[0]!.body);
      expect(body.alert.rule.name).toBe("Zebra crossing outage");

      // The delivery is marked once the receiver's answer is in: wait for that, then reload.
      const store = session.parley.core.store;
      const alertId = body.alert.id as string;
      let status = "";
      for (let i = 0; i < 100 && status !== "delivered"; i++) {
        status = (await store.alerts.deliveries([alertId]))[0]?.status ?? "";
        if (status !== "delivered") await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe("delivered");
      await page.reload();
      const alertRow = page.locator(".alerts tbody tr", { hasText: "Zebra crossing outage" }).first();
      await alertRow.getByText("Webhook: delivered").waitFor();
      await expect(alertRow.textContent()).resolves.toContain(`1 post by 1 author: mentions "${marker}"`);
      await alertRow.getByRole("button", { name: "Posts (1)" }).click();
      const post = page.locator(".alert-posts li").first();
      await post.waitFor();
      // Post text is shown as text: the tag is visible, not applied.
      await expect(post.locator(".post-text").textContent()).resolves.toContain("<b>again</b>");
      expect(await post.locator("b").count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${RESULTS}alerts.png`, fullPage: true });

      await post.getByRole("link").click();
      await page.waitForURL(/#\/conversations\//);
    } finally {
      await receiver.close();
    }
  });
});
