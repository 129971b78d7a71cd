import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { startHandoffReceiver } from "../support/handoffReceiver.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("hand-off to an external contact center, in the browser", () => {
  const session = useBrowserSession();

  test("an admin sets the endpoint, an agent hands an item off from the conversation, and its statuses come back into its history", async () => {
    const receiver = await startHandoffReceiver();
    try {
      const { page } = session;
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Settings" }).click();
      await page.getByLabel("Endpoint URL").fill(receiver.url);
      await page.getByLabel(/Allow a private-network address/).check();
      await page.getByRole("button", { name: "Save endpoint" }).click();
      const secret = page.locator(".handoff-endpoint__secret code");
      await secret.waitFor();
      receiver.secret = (await secret.textContent()) ?? "";
      expect(receiver.secret).toMatch(/^whsec_/);
      expect(await seriousViolations(page)).toEqual([]);
      await session.context.clearCookies();

      await signIn(page, session.url, DEMO_AGENT);
      const marker = `e2e-handoff-${Date.now()}`;
      await session.parley.ingest([
        demoPost(`@${DEMO_BRAND_HANDLE} ${marker} I was billed twice this month`),
      ]);
      const row = page.locator(".inbox-row", { hasText: marker });
      await row.waitFor({ timeout: 15_000 });
      await row.locator(".row-link").click();
      await page.getByRole("button", { name: /^Claim/ }).click();
      await page.getByRole("button", { name: "Hand off…" }).click();
      const reason = page.getByRole("textbox", { name: "What should the contact center know?" });
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("handoff__reason");
      await reason.fill("Double billing: the billing desk handles refunds");
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Hand off", exact: true }).click();

      await page.locator(".state--queued_external").waitFor();
      await page
        .locator(".handoff__status", { hasText: "Delivered to the contact center" })
        .waitFor({ timeout: 15_000 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.verified).toBe(true);
      const delivered = JSON.parse(receiver.received[0]!.body);
      expect(delivered.handoff.reason).toBe("Double billing: the billing desk handles refunds");
      expect(delivered.conversation.posts.map((p: { text: string }) => p.text).join(" ")).toContain(marker);

      const report = async (body: unknown) => {
        const raw = JSON.stringify(body);
        const ts = String(Math.floor(Date.now() / 1000));
        const sig = createHmac("sha256", receiver.secret).update(`${ts}.${raw}`).digest("hex");
        const res = await fetch(new URL(`/api/handoffs/${delivered.handoff.id}/status`, session.url), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-parley-timestamp": ts,
            "x-parley-signature": `sha256=${sig}`,
          },
          body: raw,
        });
        expect(res.status).toBe(200);
      };
      await report({ status: "assigned", agent: "Robin (billing)" });
      await page.locator(".handoff__status", { hasText: "Assigned to an agent there" }).waitFor();
      await report({ status: "handled", note: "Refund issued" });
      await page.locator(".state--handled").waitFor();
      const steps = await page.locator(".handoff__steps li").allTextContents();
      expect(steps.map((s) => s.replace(/^.*?(Handed|Delivered|Assigned|Handled)/, "$1"))).toEqual([
        "Handed off by Alex Agent: Double billing: the billing desk handles refunds",
        "Delivered to the contact center",
        "Assigned to an agent there (Robin (billing))",
        "Handled by the contact center: Refund issued",
      ]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${RESULTS}handoff.png` });
    } finally {
      await receiver.close();
    }
  });
});
