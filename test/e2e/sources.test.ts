import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { signPush } from "../../src/connectors/webhook/push.ts";
import { DEMO_USER } from "../../src/services/demo.ts";
import { startFakeMastodon } from "../support/fakeMastodon.ts";
import { atom, entries } from "../support/feeds.ts";
import { makeFirehose, startJetstreamReplay } from "../support/jetstream.ts";
import { seriousViolations } from "./axe.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

declare global {
  interface Window {
    __pwned?: number;
  }
}

describe("the Sources page in the browser", () => {
  const session = useBrowserSession();

  test("an admin adds a push webhook, gets its secret once, and sees what arrived and what could not be read", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Sources" }).click();
    await page.getByRole("heading", { name: "Sources" }).waitFor();
    // The demo's own generator is listed and running.
    await page.locator(".sources tbody tr", { hasText: "Demo generator" }).waitFor();

    const name = `Shop reviews <img src=x onerror=window.__pwned=1>`;
    await page.getByLabel("Kind").selectOption("webhook");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Add source" }).click();
    const secretPanel = page.getByRole("region", { name: "The new webhook's secret" });
    await secretPanel.waitFor();
    const secret = (await secretPanel.locator("dd code").nth(1).textContent())!;
    const address = (await secretPanel.locator("dd code").nth(0).textContent())!;
    expect(secret).toMatch(/^whsec_/);

    // Another system pushes one good post and one it got wrong.
    const body = JSON.stringify({
      posts: [
        { id: "rev-1", text: "@lumenhelp the new router is great", author: { handle: "reviewer1" } },
        { id: "rev-2", author: { handle: "<script>window.__pwned=2</script>" } },
      ],
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const pushed = await fetch(address.replace("localhost", "127.0.0.1"), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-parley-timestamp": timestamp,
        "x-parley-signature": signPush(secret, timestamp, body),
      },
      body,
    });
    expect(pushed.status).toBe(202);
    expect((await pushed.json()).stored).toBe(1);

    await page.getByRole("button", { name: "I have kept it" }).click();
    await page.reload();
    const row = page.locator(".sources tbody tr", { hasText: "Shop reviews" });
    await row.waitFor();
    expect(await row.locator(".sources__name").textContent()).toBe(name);
    expect(await row.locator("td.num").nth(1).textContent()).toBe("1");
    expect(await row.locator("td.num").nth(2).textContent()).toBe("1");
    // The secret is not shown again.
    expect(await page.content()).not.toContain(secret);

    const letter = page.locator(".dead-letters tbody tr", { hasText: "text is missing" });
    await letter.waitFor();
    expect(await letter.locator(".dead-letters__payload").textContent()).toContain("<script>");
    expect(await page.locator(".admin-page img, .admin-page script").count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    await page.screenshot({ path: `${RESULTS}sources.png`, fullPage: true });
  });

  test("an admin adds a Mastodon source that listens on the streaming API, and it connects", async () => {
    const fake = await startFakeMastodon();
    try {
      const { page } = session;
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Sources" }).click();
      await page.getByRole("heading", { name: "Sources" }).waitFor();
      await page.getByLabel("Kind").selectOption("mastodon");
      await page.getByLabel("Name").fill("Lumen live");
      await page.getByLabel("Instance address").fill(fake.url);
      await page.getByLabel("Access token").fill(fake.token);
      await page.getByLabel(/Listen live on the streaming API/).check();
      await page.getByLabel(/Allow addresses on private networks/).check();
      await page.getByRole("button", { name: "Add source" }).click();
      await page.locator(".sources tbody tr", { hasText: "Lumen live" }).waitFor();
      const listed = await page.evaluate(async () => (await (await fetch("/api/sources")).json()) as unknown);
      const items = (listed as { items?: unknown[] }).items ?? (listed as unknown[]);
      const source = (items as { name: string; settings: Record<string, unknown> }[]).find(
        (s) => s.name === "Lumen live",
      );
      expect(source?.settings).toMatchObject({ instanceUrl: fake.url, streaming: true, mentions: true });
      // The ingest role picks it up and opens the socket after its first catch-up.
      const end = Date.now() + 20_000;
      while (fake.streamConnections() === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(fake.streamConnections()).toBe(1);
    } finally {
      await fake.close();
    }
  });

  test("an admin tests the connection of a feed, a Mastodon account and a Jetstream before adding them", async () => {
    const fake = await startFakeMastodon();
    const replay = await startJetstreamReplay();
    const { events } = makeFirehose({ seed: 4, count: 50_000, brandShare: 0.05 });
    const feeding = setInterval(() => replay.add(events.splice(0, 25)), 100);
    const feedServer = createServer((req, res) => {
      if (req.url !== "/feed.xml") {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" });
      res.end(atom(entries(4)));
    });
    await new Promise<void>((resolve) => feedServer.listen(0, "127.0.0.1", resolve));
    const feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
    try {
      const { page } = session;
      await signIn(page, session.url, DEMO_USER);
      await page.getByRole("link", { name: "Sources" }).click();
      await page.getByRole("heading", { name: "Sources" }).waitFor();
      const result = page.locator(".connection-check");
      const test = page.getByRole("button", { name: "Test connection" });

      await page.getByLabel("Kind").selectOption("feed");
      await page.getByLabel("Feed address").fill(feedUrl);
      await test.click();
      // Without the admin's leave a loopback address is refused.
      await page.locator(".connection-check--bad").waitFor();
      await page.getByLabel(/Allow addresses on private networks/).check();
      expect(await result.count()).toBe(0);
      await test.click();
      await page.locator(".connection-check--ok", { hasText: "with 4 entries" }).waitFor();

      await page.getByLabel("Kind").selectOption("mastodon");
      await page.getByLabel("Instance address").fill(fake.url);
      await page.getByLabel("Access token").fill("a-wrong-token");
      await page.getByLabel(/Allow addresses on private networks/).check();
      await test.click();
      await page
        .locator(".connection-check--bad .connection-check__problem", { hasText: "HTTP 401" })
        .waitFor();
      await page.getByLabel("Access token").fill(fake.token);
      await test.click();
      await page.locator(".connection-check--ok", { hasText: `as @${fake.brand.acct}` }).waitFor();

      await page.getByLabel("Kind").selectOption("bluesky-jetstream");
      await page.getByLabel(/Jetstream address/).fill(replay.url);
      await page.getByLabel(/Allow addresses on private networks/).check();
      await test.click();
      await page
        .locator(".connection-check--ok", { hasText: /streams: \d+ events/ })
        .waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${RESULTS}sources-test-connection.png` });
      expect(await seriousViolations(page)).toEqual([]);
      // Nothing was added by testing.
      const listed = await page.evaluate(async () => (await (await fetch("/api/sources")).json()) as unknown);
      const items = ((listed as { items?: unknown[] }).items ?? (listed as unknown[])) as { kind: string }[];
      expect(items.filter((s) => ["feed", "bluesky-jetstream"].includes(s.kind))).toEqual([]);
    } finally {
      clearInterval(feeding);
      await new Promise<void>((resolve) => feedServer.close(() => resolve()));
      await replay.close();
      await fake.close();
    }
  });

  test("an agent has no Sources page in the menu, and the API refuses them", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    expect(await page.getByRole("link", { name: "Sources" }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch("/api/sources")).status);
    expect(status).toBe(403);
  });
});
