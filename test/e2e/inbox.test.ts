import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

declare global {
  interface Window {
    __pwned?: number;
    __sameDocument?: boolean;
  }
}

describe("agent inbox in the browser", () => {
  const session = useBrowserSession();

  function rowFor(text: string) {
    return session.page.locator(".inbox-row", { hasText: text });
  }

  /** The demo admin claims the item in a browser of their own. */
  async function claimAsDemoAdmin(marker: string): Promise<void> {
    const holderContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const holderPage = await holderContext.newPage();
      await signIn(holderPage, session.url, DEMO_USER);
      await holderPage.locator(".inbox-row", { hasText: marker }).locator(".row-link").click();
      await holderPage.getByRole("button", { name: /^Claim/ }).click();
      await holderPage.locator(".holder--mine").waitFor();
    } finally {
      await holderContext.close();
    }
  }

  test("a demo post arrives live, and an agent claims and resolves it", async () => {
    await signIn(session.page, session.url);
    // Set before the post exists: if it survives, the row arrived without a reload.
    await session.page.evaluate(() => {
      window.__sameDocument = true;
    });

    const marker = `e2e-${Date.now()}`;
    const text = `@${DEMO_BRAND_HANDLE} my order ${marker} never arrived and nobody answers. I need help today!`;
    await session.parley.ingest([demoPost(text)]);

    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });
    expect(await session.page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect.poll(() => row.locator(".demo-badge").count()).toBe(1);
    const priorities = await session.page.locator(".inbox-row .priority__value").allTextContents();
    const numbers = priorities.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    await session.page.screenshot({ path: `${RESULTS}inbox.png` });

    await row.locator(".row-link").click();
    await expect.poll(() => session.page.locator(".post-text", { hasText: marker }).count()).toBe(1);

    await session.page.getByRole("button", { name: /^Claim/ }).click();
    await session.page.locator(".holder--mine").waitFor();
    await session.page.getByRole("button", { name: /^Resolve/ }).click();
    await session.page.locator(".state--handled", { hasText: "Resolved" }).waitFor();
    await session.page.screenshot({ path: `${RESULTS}conversation.png` });

    await session.page.getByRole("link", { name: /Inbox/ }).first().click();
    await session.page.getByRole("heading", { name: "Inbox" }).waitFor();
    await expect.poll(() => rowFor(marker).count()).toBe(0);
  });

  test("markup in a post is shown as text and never runs", async () => {
    const dialogs: string[] = [];
    session.page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(session.page, session.url);

    const marker = `e2e-xss-${Date.now()}`;
    const text = `@${DEMO_BRAND_HANDLE} ${marker} help <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>`;
    await session.parley.ingest([demoPost(text, { url: "javascript:window.__pwned=3" })]);

    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator(".row-text").textContent()).toBe(text);

    await row.locator(".row-link").click();
    const shown = session.page.locator(".post-text", { hasText: marker });
    await shown.waitFor();
    expect(await shown.textContent()).toBe(text);
    // Let an onerror handler fire if an <img> had been created.
    await session.page.waitForTimeout(300);

    const traces = await session.page.evaluate(() => ({
      pwned: window.__pwned,
      images: document.querySelectorAll("img").length,
      inlineScripts: [...document.querySelectorAll("script")].filter((script) => !script.src).length,
      scriptLinks: [...document.querySelectorAll("a")].filter((link) => link.protocol === "javascript:")
        .length,
    }));
    expect(traces).toEqual({ pwned: undefined, images: 0, inlineScripts: 0, scriptLinks: 0 });
    expect(dialogs).toEqual([]);
  });

  test("another agent sees the lock appear live and cannot claim the held item", async () => {
    await signIn(session.page, session.url, DEMO_AGENT);
    const marker = `e2e-lock-${Date.now()}`;
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my bill is wrong again, please help`),
    ]);
    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });

    await claimAsDemoAdmin(marker);

    await row.locator(".holder--other", { hasText: DEMO_USER.name }).waitFor();
    await row.locator(".row-link").click();
    await session.page.locator(".panel--actions .holder--other", { hasText: DEMO_USER.name }).waitFor();
    expect(await session.page.getByRole("button", { name: /^Claim/ }).isDisabled()).toBe(true);
    expect(await session.page.getByRole("button", { name: /^Resolve/ }).isDisabled()).toBe(true);
  });

  test("a claim on a stale view explains in plain words that someone else holds the item", async () => {
    // A silent live socket keeps this session.page's view stale, as on a flaky network.
    await session.page.routeWebSocket("**/api/live", () => {});
    const marker = `e2e-race-${Date.now()}`;
    await session.parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} still no signal at home, help`)]);
    await signIn(session.page, session.url, DEMO_AGENT);
    await rowFor(marker).locator(".row-link").click();
    const claim = session.page.getByRole("button", { name: /^Claim/ });
    await claim.waitFor();

    await claimAsDemoAdmin(marker);
    await claim.click();

    await expect
      .poll(() => session.page.getByRole("alert").textContent())
      .toContain("Another agent is holding this item");
    await session.page.locator(".panel--actions .holder--other", { hasText: DEMO_USER.name }).waitFor();
  });
});
