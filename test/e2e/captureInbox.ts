/**
 * Refreshes docs/inbox.png, the README's picture of the inbox: a demo server with its generated
 * backlog, signed in as the demo user, at 1280x800. Run with `node test/e2e/captureInbox.ts`
 * after `npm run build:web`.
 */
import { fileURLToPath } from "node:url";
import { startParley } from "../../src/server/start.ts";
import { launchChromium } from "./browser.ts";
import { signIn } from "./signIn.ts";

const OUTPUT = fileURLToPath(new URL("../../docs/inbox.png", import.meta.url));

const parley = await startParley({ port: 0, data: ":memory:", demo: true, demoRate: 0, logLevel: "silent" });
const browser = await launchChromium();
try {
  if (!parley.url) throw new Error("Parley started without its web role");
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, parley.url);
  await page.locator(".inbox-row").nth(10).waitFor();
  // Show one item held by the signed-in agent, so the lock column has something to show.
  await page.locator(".inbox-row .row-link").nth(2).click();
  await page.getByRole("button", { name: /^Claim/ }).click();
  await page.locator(".holder--mine").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(3000); // let the arrival and change highlights fade
  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await browser.close();
  await parley.stop();
}
