/**
 * First run in the browser: `parley start --no-demo` on a new store prints a setup code to its
 * log; a newcomer enters it with the brand and the first admin, lands in the inbox, and finds the
 * brand's settings and starter campaign on the settings page.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.ts";
import { launchChromium } from "./browser.ts";
import { RESULTS } from "./session.ts";

const CLI = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const WEB_INDEX = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  /** The code as the JSON log line carries it. */
  code: string;
}

/** Starts Parley as a user would, without the demo, and reads the address and the code from its output. */
function startWithoutDemo(): Promise<Started> {
  const { DATABASE_URL: _db, NATS_URL: _nats, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, "start", "--no-demo", "--data", ":memory:", "--port", "0"], {
    env: { ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let code: string | null = null;
    let url: string | null = null;
    const settle = () => {
      if (code && url) resolve({ child, url, code });
    };
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      for (const line of stdout.split("\n")) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as { setupCode?: string };
        if (entry.setupCode) code = entry.setupCode;
      }
      settle();
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
      url ??= /Open (http:\/\/\S+)/.exec(stderr)?.[1] ?? null;
      settle();
    });
    child.on("exit", (status) =>
      reject(new Error(`parley start exited with ${status}:\n${stderr}\n${stdout}`)),
    );
  });
}

describe("first run in the browser", () => {
  let started: Started;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error("dist/web is not built: run `npm run build:web` first");
    [started, browser] = await Promise.all([startWithoutDemo(), launchChromium()]);
    await mkdir(RESULTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    started?.child.kill("SIGTERM");
  });

  it("sets Parley up with the code from the log and lands the new admin in the inbox", {
    timeout: 90_000,
  }, async () => {
    expect(started.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${started.url}/#/setup`);
      await page.getByRole("heading", { name: "Set up Parley for your brand" }).waitFor();
      await page.getByLabel("Setup code").fill(started.code);
      await page.getByLabel("Brand name").fill("Orbit Rail");
      await page.getByLabel("Other names and aliases").fill("Orbit Rail, Orbit");
      await page.getByLabel("Platform of account 1").selectOption("x");
      await page.getByLabel("Handle of account 1").fill("@OrbitHelp");
      await page.getByRole("button", { name: "Add an account" }).click();
      await page.getByLabel("Handle of account 2").fill("orbitrail");
      await page.getByLabel("Languages").fill("en, de");
      await page.getByLabel("Time zone").fill("Europe/Berlin");
      await page.getByLabel("Your name").fill("Olga Owner");
      await page.getByLabel("Email").fill("olga@orbit.example");
      // A common password is refused and the form stays, filled in.
      await page.getByLabel("Password", { exact: true }).fill("password1");
      await page.getByRole("button", { name: "Set up and sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "too easy to guess" }).waitFor();
      await page.getByLabel("Password", { exact: true }).fill("quiet-harbour-lantern-7");
      await page.screenshot({ path: `${RESULTS}setup.png`, fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Set up and sign in" }).click();

      await page.getByRole("heading", { name: "Inbox" }).waitFor();
      await page.locator(".connection--live").waitFor();
      expect(await page.locator(".rail__workspace").textContent()).toBe("Orbit Rail");

      await page.getByRole("link", { name: "Settings" }).click();
      await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
      expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
      const starter = page.locator(".derived-campaign", { hasText: "Starter campaign" });
      await expect
        .poll(() => starter.locator(".query").textContent())
        .toBe('@orbitrail OR @orbithelp OR "Orbit Rail" OR "Orbit"');

      await page.getByRole("button", { name: "Add a competitor" }).click();
      await page.getByLabel("Name of competitor 1").fill("Nova Trains");
      await page.getByLabel("Handles of competitor 1").fill("@novahelp");
      await page.getByLabel("Time zone").fill("Europe/Lisbon");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved.").waitFor();
      const rivals = page.locator(".derived-campaign", { hasText: "Competitors" });
      expect(await rivals.locator(".query").textContent()).toBe('@novahelp OR "Nova Trains"');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${RESULTS}settings.png`, fullPage: true });

      // The starter campaign is edited in place; from then on the settings leave it as edited.
      await page.getByRole("button", { name: "Edit Everything about Orbit Rail" }).click();
      await page.getByLabel("Query").fill("@orbitrail OR @orbithelp OR orbit*");
      await page.getByRole("button", { name: "Save campaign" }).click();
      await expect
        .poll(() => starter.locator(".query").textContent())
        .toBe("@orbitrail OR @orbithelp OR orbit*");
      await page.getByLabel("Workspace name").fill("Orbit Railways");
      await page.getByLabel("Names and aliases").fill("Orbit Railways, Orbit");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect.poll(() => page.locator(".rail__workspace").textContent()).toBe("Orbit Railways");
      expect(await starter.locator(".query").textContent()).toBe("@orbitrail OR @orbithelp OR orbit*");

      // A bad time zone is named, and nothing is saved.
      await page.getByLabel("Time zone").fill("Lisbon");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByRole("alert").filter({ hasText: "is not an IANA time zone" }).waitFor();
    } finally {
      await context.close();
    }

    // Setup is over: a new visitor is asked to sign in, and the API says so.
    const visitor = await browser.newContext();
    try {
      const page = await visitor.newPage();
      await page.goto(`${started.url}/#/setup`);
      await page.getByRole("heading", { name: "Sign in to Parley" }).waitFor();
      const status = await page.request.get(`${started.url}/api/setup`);
      expect(status.status()).toBe(409);
      expect((await status.json()).error.code).toBe("setup_done");
    } finally {
      await visitor.close();
    }
  });
});
