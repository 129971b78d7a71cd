/**
 * Refreshes docs/routing-inbox.png and docs/routing.png: a demo server where the demo user sets
 * up a queue and a routing rule, goes available and gets items offered, then the supervisor view.
 * Run with `node test/e2e/captureRouting.ts` after `npm run build:web`.
 */
import { fileURLToPath } from "node:url";
import { startParley } from "../../src/server/start.ts";
import { launchChromium } from "./browser.ts";
import { signIn } from "./signIn.ts";

const INBOX = fileURLToPath(new URL("../../docs/routing-inbox.png", import.meta.url));
const SUPERVISOR = fileURLToPath(new URL("../../docs/routing.png", import.meta.url));

const parley = await startParley({ port: 0, data: ":memory:", demo: true, demoRate: 2, logLevel: "silent" });
const browser = await launchChromium();
try {
  if (!parley.url) throw new Error("Parley started without its web role");
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, parley.url);
  await page.locator(".inbox-row").nth(5).waitFor();
  // Setup through the API from the signed-in page, as the web app's own calls are made.
  await page.evaluate(async () => {
    const send = async (method: string, path: string, body: unknown) => {
      const res = await fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const me = await (await fetch("/api/me")).json();
    const english = await send("POST", "/api/queues", {
      name: "English",
      requiredSkills: [{ kind: "language", value: "en" }],
    });
    await send("POST", "/api/queues", { name: "Everything else", requiredSkills: [] });
    await send("POST", "/api/routing-rules", {
      name: "English posts",
      position: 1,
      queueId: english.id,
      conditions: [{ field: "language", op: "in", values: ["en"] }],
    });
    await send("PUT", `/api/users/${me.user.id}/routing`, {
      skills: [{ kind: "language", value: "en", proficiency: 4 }],
      capacity: 3,
    });
  });
  await page.getByLabel("Presence").selectOption("available");
  await page.locator(".offer").first().waitFor({ timeout: 30_000 });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(3000);
  await page.screenshot({ path: INBOX });
  console.log(`wrote ${INBOX}`);
  await page.goto(`${parley.url}/#/routing`);
  await page.getByRole("heading", { name: "Queues" }).waitFor();
  await page.locator(".data-table tbody tr").first().waitFor();
  await page.screenshot({ path: SUPERVISOR });
  console.log(`wrote ${SUPERVISOR}`);
} finally {
  await browser.close();
  await parley.stop();
}
