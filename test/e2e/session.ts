/**
 * One Parley with the demo workspace and one Chromium per test file, a fresh browser context per
 * test. Call inside a describe block; read the fields from the returned object within tests.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type Parley, startParley } from "../../src/server/start.ts";
import { launchChromium } from "./browser.ts";

const WEB_INDEX = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));
export const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

export interface BrowserSession {
  parley: Parley;
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export function useBrowserSession(): BrowserSession {
  const session = {} as BrowserSession;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error("dist/web is not built: run `npm run build:web` first");
    session.browser = await launchChromium();
    session.parley = await startParley({
      port: 0,
      data: ":memory:",
      demo: true,
      demoRate: 0,
      logLevel: "silent",
    });
    if (!session.parley.url) throw new Error("Parley started without its web role");
    session.url = session.parley.url;
    await mkdir(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await session.browser?.close();
    await session.parley?.stop();
  });

  beforeEach(async () => {
    session.context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    session.page = await session.context.newPage();
    // Fail on the step that stalls, well inside the test's own timeout, so the report names it.
    session.page.setDefaultTimeout(10_000);
  });

  afterEach(async () => {
    await session.context.close();
  });

  return session;
}
