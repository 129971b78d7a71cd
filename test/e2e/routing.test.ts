import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("routing in the browser", () => {
  const session = useBrowserSession();

  test("an agent goes available, gets a new post offered, accepts it, and must choose why to discard", async () => {
    await signIn(session.page, session.url, DEMO_USER);
    const marker = `route-${Date.now()}`;
    // The queue and its rule, set up as the web app's own calls are made.
    await session.page.evaluate(async (marker) => {
      const send = async (method: string, path: string, body: unknown) => {
        const res = await fetch(path, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
        return res.json();
      };
      const me = await (await fetch("/api/me")).json();
      const queue = await send("POST", "/api/queues", {
        name: `Orders ${marker}`,
        requiredSkills: [{ kind: "topic", value: "orders" }],
      });
      await send("POST", "/api/routing-rules", {
        name: "Demo posts",
        position: 1,
        queueId: queue.id,
        conditions: [{ field: "platform", op: "in", values: ["demo"] }],
      });
      await send("PUT", `/api/users/${me.user.id}/routing`, {
        skills: [{ kind: "topic", value: "orders", proficiency: 3 }],
        capacity: 1,
      });
    }, marker);
    await session.page.getByLabel("Presence").selectOption("available");
    await session.parley.ingest([demoPost(`@${DEMO_BRAND_HANDLE} order ${marker} is missing, please help`)]);

    const offer = session.page.locator(".offer", { hasText: marker });
    await offer.waitFor({ timeout: 15_000 });
    await session.page.screenshot({ path: `${RESULTS}routing-offer.png` });
    await offer.getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => session.page.locator(".post-text", { hasText: marker }).count()).toBe(1);
    await session.page.locator(".holder--mine").waitFor();

    await session.page.getByRole("button", { name: /^Discard/ }).click();
    const discard = session.page.locator(".discard-form").getByRole("button", { name: "Discard" });
    expect(await discard.isDisabled()).toBe(true);
    await session.page.getByLabel("Reason").selectOption("duplicate");
    await discard.click();
    await session.page.locator(".state--discarded").waitFor();

    await session.page.goto(`${session.url}/#/routing`);
    // The queue's row in the Queues table (the rules table names the queue too).
    const row = session.page
      .getByRole("region", { name: "Queues" })
      .locator("tr", { hasText: `Orders ${marker}` });
    await row.waitFor();
    expect(await row.locator("td").first().textContent()).toBe("0");
  });
});
