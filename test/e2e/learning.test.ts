import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type Parley, startParley } from "../../src/server/start.ts";
import { launchChromium } from "./browser.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

const WEB_INDEX = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));
const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

describe("learning from agents, and campaign administration, in the browser", () => {
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
    // Fail on the step that stalls, well inside the test's own timeout, so the report names it.
    page.setDefaultTimeout(10_000);
  });

  afterEach(async () => {
    await context.close();
  });

  test("an agent corrects a post's intent and the correction is still there after a reload", async () => {
    await signIn(page, url, DEMO_AGENT);
    const marker = `e2e-correct-${Date.now()}`;
    await parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my phone bill doubled this month, why?`)]);
    const row = page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();

    const intentRow = page.locator(".label-row", { has: page.locator("dt", { hasText: "Intent" }) });
    await page.getByRole("button", { name: "Correct intent" }).click();
    const select = page.getByRole("combobox", { name: "Correct intent" });
    const modelIntent = await select.inputValue();
    // Whatever the model said, the agent says otherwise.
    const corrected = modelIntent === "complaint" ? "question" : "complaint";
    const correctedWords = corrected === "complaint" ? "Complaint" : "Question";
    await select.selectOption(corrected);
    await page.getByRole("button", { name: "Save" }).click();
    await intentRow
      .locator(".label-row__corrected", { hasText: `corrected by ${DEMO_AGENT.name}` })
      .waitFor();

    await page.reload();
    await intentRow
      .locator(".label-row__corrected", { hasText: `corrected by ${DEMO_AGENT.name}` })
      .waitFor();
    expect(await intentRow.locator(".label-row__label strong").textContent()).toBe(correctedWords);
    // The model's own label stays visible, struck through.
    expect(await intentRow.locator(".label-row__model s").count()).toBe(1);
    await page.screenshot({ path: `${RESULTS}correction.png` });
  });

  test("an admin sees where a broken campaign query fails, fixes it, and finds the campaign listed", async () => {
    await signIn(page, url);
    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("heading", { name: "Campaigns" }).waitFor();
    await page.getByRole("button", { name: "New campaign" }).click();

    const name = `Outages ${Date.now()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    const query = page.getByLabel("Query", { exact: true });
    await query.fill("outage AND");
    await page.getByRole("button", { name: "Create campaign" }).click();

    const problem = page.locator(".query-problem");
    await problem.waitFor();
    // The caret sits under character 10, just past "AND", where the query ends too soon.
    expect(await problem.locator(".query-problem__caret").textContent()).toBe(
      `outage AND\n${" ".repeat(10)}^`,
    );
    expect(await problem.locator(".query-problem__message").textContent()).toMatch(/at character 10/);
    expect(await query.getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${RESULTS}campaign-error.png` });

    await query.fill('outage AND (wifi OR "no signal")');
    await expect.poll(() => problem.count()).toBe(0);
    await page.getByRole("button", { name: "Create campaign" }).click();

    const listed = page.locator(".campaign-row", { hasText: name });
    await listed.waitFor();
    expect(await listed.locator("code.query").textContent()).toBe('outage AND (wifi OR "no signal")');
    expect(await listed.locator(".relevance").textContent()).toMatch(/decision/);
    await page.screenshot({ path: `${RESULTS}campaigns.png` });

    // Deleting asks first, and "Keep" is the choice that has focus.
    await listed.getByRole("button", { name: `Delete ${name}` }).click();
    await page.screenshot({ path: `${RESULTS}campaign-delete.png` });
    await listed.getByRole("button", { name: "Delete", exact: true }).click();
    await expect.poll(() => page.locator(".campaign-row", { hasText: name }).count()).toBe(0);
  });

  test("an analyst reads labels, campaigns and insights but changes none of them", async () => {
    const analyst = {
      email: `analyst-${Date.now()}@parley.local`,
      password: "parley-analyst",
      name: "Ana Lyst",
    };
    if (!parley.demoWorkspaceId) throw new Error("the demo workspace is missing");
    await parley.core.services.auth.addUser({
      workspaceId: parley.demoWorkspaceId,
      role: "analyst",
      ...analyst,
    });
    // Letters only: analysts see personal data redacted, and a long number reads as a phone number.
    const marker = `e2e-analyst-${Date.now().toString(36).replace(/\d/g, "x")}`;
    await parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} ${marker} is roaming included in my plan?`)]);

    await signIn(page, url, analyst);
    await page.locator(".inbox-row", { hasText: marker }).locator(".row-link").click();
    await page.locator(".label-row", { has: page.locator("dt", { hasText: "Intent" }) }).waitFor();
    expect(await page.getByRole("button", { name: /^Correct/ }).count()).toBe(0);

    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.locator(".campaign-row").first().waitFor();
    expect(await page.getByRole("button", { name: "New campaign" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^(Edit|Delete)/ }).count()).toBe(0);
    expect(await page.getByLabel("Starter").isDisabled()).toBe(true);

    await page.getByRole("link", { name: "Insights" }).click();
    await page.getByRole("table", { name: "By intent" }).waitFor();
    await page.getByText("30 days").click();
    await page.getByRole("table", { name: "By topic" }).waitFor();
    await page.screenshot({ path: `${RESULTS}insights.png` });
  });
});
