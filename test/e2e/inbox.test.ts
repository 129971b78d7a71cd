import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type Parley, startParley } from "../../src/server/start.ts";
import { DEMO_USER } from "../../src/services/demo.ts";
import { launchChromium } from "./browser.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

const WEB_INDEX = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));
const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

declare global {
  interface Window {
    __pwned?: number;
    __sameDocument?: boolean;
  }
}

describe("agent inbox in the browser", () => {
  let parley: Parley;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error("dist/web is not built: run `npm run build:web` first");
    browser = await launchChromium();
    parley = await startParley({ port: 0, data: ":memory:", demo: true, demoRate: 0, logLevel: "silent" });
    if (!parley.url) throw new Error("Parley started without its web role");
    url = parley.url;
    await mkdir(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  function rowFor(text: string) {
    return page.locator(".inbox-row", { hasText: text });
  }

  /** The demo admin claims the item in a browser of their own. */
  async function claimAsDemoAdmin(marker: string): Promise<void> {
    const holderContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const holderPage = await holderContext.newPage();
      await signIn(holderPage, url, DEMO_USER);
      await holderPage.locator(".inbox-row", { hasText: marker }).locator(".row-link").click();
      await holderPage.getByRole("button", { name: /^Claim/ }).click();
      await holderPage.locator(".holder--mine").waitFor();
    } finally {
      await holderContext.close();
    }
  }

  test("a demo post arrives live, and an agent claims and resolves it", async () => {
    await signIn(page, url);
    // Set before the post exists: if it survives, the row arrived without a reload.
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    const marker = `e2e-${Date.now()}`;
    const text = `@${DEMO_BRAND_HANDLE} my order ${marker} never arrived and nobody answers. I need help today!`;
    await parley.ingest([demoPost(text)]);

    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect.poll(() => row.locator(".demo-badge").count()).toBe(1);
    const priorities = await page.locator(".inbox-row .priority__value").allTextContents();
    const numbers = priorities.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    await page.screenshot({ path: `${RESULTS}inbox.png` });

    await row.locator(".row-link").click();
    await expect.poll(() => page.locator(".post-text", { hasText: marker }).count()).toBe(1);

    await page.getByRole("button", { name: /^Claim/ }).click();
    await page.locator(".holder--mine").waitFor();
    await page.getByRole("button", { name: /^Resolve/ }).click();
    await page.locator(".state--handled", { hasText: "Resolved" }).waitFor();
    await page.screenshot({ path: `${RESULTS}conversation.png` });

    await page.getByRole("link", { name: /Inbox/ }).first().click();
    await page.getByRole("heading", { name: "Inbox" }).waitFor();
    await expect.poll(() => rowFor(marker).count()).toBe(0);
  });

  test("markup in a post is shown as text and never runs", async () => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, url);

    const marker = `e2e-xss-${Date.now()}`;
    const text = `@${DEMO_BRAND_HANDLE} ${marker} help <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>`;
    await parley.ingest([demoPost(text, { url: "javascript:window.__pwned=3" })]);

    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator(".row-text").textContent()).toBe(text);

    await row.locator(".row-link").click();
    const shown = page.locator(".post-text", { hasText: marker });
    await shown.waitFor();
    expect(await shown.textContent()).toBe(text);
    // Let an onerror handler fire if an <img> had been created.
    await page.waitForTimeout(300);

    const traces = await page.evaluate(() => ({
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
    await signIn(page, url, DEMO_AGENT);
    const marker = `e2e-lock-${Date.now()}`;
    await parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my bill is wrong again, please help`)]);
    const row = rowFor(marker);
    await row.waitFor({ timeout: 15_000 });

    await claimAsDemoAdmin(marker);

    await row.locator(".holder--other", { hasText: DEMO_USER.name }).waitFor();
    await row.locator(".row-link").click();
    await page.locator(".panel--actions .holder--other", { hasText: DEMO_USER.name }).waitFor();
    expect(await page.getByRole("button", { name: /^Claim/ }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: /^Resolve/ }).isDisabled()).toBe(true);
  });

  test("a claim on a stale view explains in plain words that someone else holds the item", async () => {
    // A silent live socket keeps this page's view stale, as on a flaky network.
    await page.routeWebSocket("**/api/live", () => {});
    const marker = `e2e-race-${Date.now()}`;
    await parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} still no signal at home, help`)]);
    await signIn(page, url, DEMO_AGENT);
    await rowFor(marker).locator(".row-link").click();
    const claim = page.getByRole("button", { name: /^Claim/ });
    await claim.waitFor();

    await claimAsDemoAdmin(marker);
    await claim.click();

    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Another agent is holding this item");
    await page.locator(".panel--actions .holder--other", { hasText: DEMO_USER.name }).waitFor();
  });
});
