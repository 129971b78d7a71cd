import { describe, expect, test } from "vitest";
import { WEEK_HOURS } from "../../src/domain/insight/spikes.ts";
import { judgeWindows } from "../../src/jobs/alerts.ts";
import { rollUpBatch } from "../../src/jobs/insights.ts";
import { DEMO_USER } from "../../src/services/demo.ts";
import { makeAnalysis, makePost } from "../support/factories.ts";
import { startHandoffReceiver } from "../support/handoffReceiver.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE } from "./demoPosts.ts";
import { type BrowserSession, RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

const HOUR = 60 * 60_000;
let batches = 0;

/** Posts on a topic by distinct authors through the demo workspace's source, rolled up as the job does. */
async function topicPosts(
  session: BrowserSession,
  topic: string,
  authors: string[],
  at: number,
  marker: string,
) {
  const { store } = session.parley.core;
  const workspace = (await store.workspaces.list()).find((w) => w.demo)!;
  const source = (await store.sources.list(workspace.id)).find((s) => s.kind === "demo")!;
  const result = await store.ingest(
    workspace.id,
    authors.map((author, i) => ({
      post: makePost({
        platform: "demo",
        text: `@${DEMO_BRAND_HANDLE} ${marker} the mobile network is down in town again (${i})`,
        createdAt: new Date(at + i * 1000),
        author: {
          platform: "demo",
          platformId: author,
          handle: author,
          name: `Customer ${author}`,
          followers: 5,
        },
      }),
      analysis: makeAnalysis({ topic: { label: topic, confidence: 0.8, explanation: "" } }),
      campaignIds: [],
    })),
    source.id,
  );
  batches += 1;
  await rollUpBatch(
    store,
    workspace.id,
    `00000000-0000-7000-8000-${String(900_000 + batches).padStart(12, "0")}`,
    result.stored.map((s) => s.id),
    new Date(),
  );
  return { workspaceId: workspace.id, workItemIds: result.workItems.map((w) => w.id) };
}

describe("incidents, in the browser", () => {
  const session = useBrowserSession();

  test("a topic's spike opens an incident; a supervisor answers all its items at once and sees them answered and closed", async () => {
    const receiver = await startHandoffReceiver();
    try {
      const { store, box } = session.parley.core;
      const marker = `e2e-incident-${Date.now()}`;
      const topic = `outage${Date.now()}`;
      const now = Date.now();
      const hour = Math.floor(now / HOUR) * HOUR;
      // The usual level: one author in this hour of each of the four weeks before.
      for (let w = 1; w <= 4; w++)
        await topicPosts(session, topic, [`usual${w}`], hour - w * WEEK_HOURS * HOUR, marker);
      const { workspaceId, workItemIds } = await topicPosts(
        session,
        topic,
        Array.from({ length: 8 }, (_, i) => `spiker${i}`),
        Math.max(hour, now - 20 * 60_000),
        marker,
      );
      await store.alerts.createRule(
        {
          workspaceId,
          name: "Topic spikes",
          kind: "spike",
          condition: { kind: "spike", dimension: "topic", value: topic },
          channels: [{ type: "webhook", url: receiver.url }],
          secret: box.seal({ signingSecret: receiver.secret }),
          enabled: true,
          quietMinutes: 60,
          allowPrivateNetwork: true,
        },
        new Date(),
      );
      expect(await judgeWindows(store, new Date())).toBeGreaterThanOrEqual(1);

      const { page } = session;
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Incidents", exact: true }).click();
      await page.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
      const row = page.getByRole("row", { name: new RegExp(`Spike in topic ${topic}`) });
      await expect(row.textContent()).resolves.toContain("8 items");
      expect(await seriousViolations(page)).toEqual([]);
      await row.getByRole("link", { name: `Spike in topic ${topic}` }).click();

      await page.getByRole("heading", { name: `Spike in topic ${topic}`, level: 1 }).waitFor();
      await page.locator(".incident-items tbody tr").nth(7).waitFor();
      expect(await page.locator(".incident-items tbody tr").count()).toBe(8);
      await expect(page.locator(".incident-counts").textContent()).resolves.toBe("8 items · 0 closed");
      await page
        .getByLabel("Answer to every item")
        .fill("Hi {{customer_name}}, we know about the outage and are fixing it. {{agent_name}}");
      expect(await seriousViolations(page)).toEqual([]);
      page.once("dialog", (dialog) => dialog.accept());
      await page.getByRole("button", { name: "Answer 8 items" }).click();
      // Taken at once; the page follows the job that writes the answer to each item.
      await page.getByText("The answer is being written to each item; this page follows it.").waitFor();
      await page.getByText("Answered 8 items; the replies are on their way.").waitFor();
      await page.getByText("Answered", { exact: true }).first().waitFor();
      await expect(page.locator(".incident-counts").textContent()).resolves.toMatch(/^8 items · 8 answered/);
      expect(await page.getByRole("button", { name: /^Answer \d+ items?$/ }).count()).toBe(0);

      // The worker sends each reply once; the page shows them sent after a refresh.
      const deadline = Date.now() + 20_000;
      let sent = 0;
      while (sent < 8 && Date.now() < deadline) {
        const replies = await Promise.all(
          workItemIds.map((id) => store.replies.forWorkItem(workspaceId, id)),
        );
        sent = replies.filter((r) => r.length === 1 && r[0]!.status === "sent").length;
        if (sent < 8) await new Promise((r) => setTimeout(r, 200));
      }
      expect(sent).toBe(8);
      const replies = await Promise.all(workItemIds.map((id) => store.replies.forWorkItem(workspaceId, id)));
      expect(replies.map((r) => r.length)).toEqual(Array(8).fill(1));
      expect(replies[0]![0]!.text).toMatch(/^Hi Customer spiker0, we know about the outage/);
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect
        .poll(() => page.locator(".incident-counts").textContent(), { timeout: 10_000 })
        .toBe("8 items · 8 answered (8 sent) · 8 closed");
      await expect(page.locator(".incident-items tbody tr").first().textContent()).resolves.toContain(
        "handled",
      );
      await expect(page.locator(".incident-timeline").textContent()).resolves.toContain("All 8 replies sent");
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${RESULTS}incident.png`, fullPage: true });
    } finally {
      await receiver.close();
    }
  });
});
