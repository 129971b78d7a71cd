import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("the supervisor page in the browser", () => {
  const session = useBrowserSession();

  test("shows a queue's figures, refuses a reassignment with the reason, and moves an item to another queue", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_USER);
    const marker = `sv-${Date.now()}`;
    // Two queues and a rule filling the first, set up as the web app's own calls are made.
    await page.evaluate(async (marker) => {
      const send = async (method: string, path: string, body: unknown) => {
        const res = await fetch(path, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
        return res.json();
      };
      const orders = await send("POST", "/api/queues", {
        name: `Orders ${marker}`,
        requiredSkills: [{ kind: "topic", value: "orders" }],
      });
      await send("POST", "/api/queues", { name: `Returns ${marker}`, requiredSkills: [] });
      await send("POST", "/api/routing-rules", {
        name: `Demo posts ${marker}`,
        position: 1,
        queueId: orders.id,
        conditions: [{ field: "platform", op: "in", values: ["demo"] }],
      });
    }, marker);
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} order ${marker} one never arrived`),
      demoPost(`@${DEMO_BRAND_HANDLE} order ${marker} two came broken`),
    ]);

    await page.goto(`${session.url}/#/supervisor`);
    await page.getByRole("heading", { name: "Supervisor" }).waitFor();
    const queues = page.getByRole("table", { name: "Queues" });
    const orders = queues.getByRole("row", { name: new RegExp(`Orders ${marker}`) });
    const returns = queues.getByRole("row", { name: new RegExp(`Returns ${marker}`) });
    const waitingOf = (row: typeof orders) => row.locator("td").first().textContent();
    await expect.poll(() => waitingOf(orders), { timeout: 15_000 }).toBe("2");
    expect(await waitingOf(returns)).toBe("0");
    const agents = page.getByRole("table", { name: "Agents" });
    await agents.getByRole("row", { name: new RegExp(DEMO_USER.name) }).waitFor();

    // Opened from the keyboard.
    await orders.getByRole("button", { name: `Show waiting items of Orders ${marker}` }).focus();
    await page.keyboard.press("Enter");
    const waiting = page.getByRole("table", { name: `Waiting in Orders ${marker}` });
    await expect.poll(() => waiting.locator("tbody tr").count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}supervisor.png`, fullPage: true });

    // The demo user lacks the queue's skill: the refusal is shown on the row.
    const first = waiting.locator("tbody tr").first();
    const choose = first.getByRole("combobox");
    const agentOption = await choose.locator("option", { hasText: DEMO_USER.name }).getAttribute("value");
    await choose.selectOption(agentOption!);
    await first.getByRole("button", { name: /^Transfer/ }).click();
    await first.getByRole("alert").waitFor();
    expect(await first.getByRole("alert").textContent()).toMatch(/skill/i);

    // Moved to the other queue: both rows' counts follow.
    const queueOption = await choose
      .locator("option", { hasText: `Returns ${marker}` })
      .getAttribute("value");
    await choose.selectOption(queueOption!);
    await first.getByRole("button", { name: /^Transfer/ }).click();
    await expect.poll(() => waitingOf(orders)).toBe("1");
    await expect.poll(() => waitingOf(returns)).toBe("1");
    await expect.poll(() => waiting.locator("tbody tr").count()).toBe(1);
    await page.screenshot({ path: `${RESULTS}supervisor-moved.png`, fullPage: true });
  });

  test("keeps the page out of an agent's navigation", async () => {
    const { page } = session;
    await signIn(page, session.url, DEMO_AGENT);
    expect(await page.getByRole("link", { name: "Insights" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Supervisor" }).count()).toBe(0);
  });
});
