/**
 * The routing rule editor in the browser, by keyboard where a person would use it: a supervisor
 * adds a queue and rules (intent and customer tier), sees the API's problem beside the field at
 * fault, changes a rule, moves it up, deletes one; the page is checked with axe-core and on a phone.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { PHONE, spillingPastTheScreen } from "./phoneWidth.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { signIn } from "./signIn.ts";

describe("the routing rule editor, in the browser", () => {
  const session = useBrowserSession();

  test("a supervisor writes, corrects, reorders and deletes routing rules", async () => {
    const page = session.page;
    await signIn(page, session.url, DEMO_USER);
    await page.getByRole("link", { name: "Routing", exact: true }).click();
    await page.getByRole("heading", { name: "Routing", level: 1 }).waitFor();

    const queueForm = page.getByRole("form", { name: "New queue" });
    for (const name of ["VIP care", "Complaints"]) {
      await queueForm.getByLabel(/^Name/).fill(name);
      await queueForm.getByRole("button", { name: "Add queue" }).click();
      await page.locator("tr", { hasText: name }).first().waitFor();
    }

    // A rule for VIP customers' complaints, written with the keyboard.
    const form = page.getByRole("form", { name: "New routing rule" });
    await form.getByLabel(/^Queue/).selectOption({ label: "VIP care" });
    await form.getByLabel(/^Name/).fill("VIP complaints");
    await form.getByRole("button", { name: "Add a condition" }).press("Enter");
    const first = form.getByRole("group", { name: "Condition 1" });
    await first.getByLabel(/^Field/).selectOption("intent");
    await first.getByRole("checkbox", { name: "complaint" }).press("Space");
    await form.getByRole("button", { name: "Add a condition" }).click();
    const second = form.getByRole("group", { name: "Condition 2" });
    await second.getByLabel(/^Field/).selectOption("customer_tier");
    await second.getByRole("checkbox", { name: "vip" }).check();
    await form.getByRole("button", { name: "Add rule" }).click();
    const vipRow = page.getByRole("row", { name: /VIP complaints/ });
    await vipRow.waitFor();
    expect(await vipRow.textContent()).toContain(
      "intent is one of complaint; and customer tier is one of vip",
    );

    // A follower count that is not a number: the API's problem is shown beside that field.
    await form.getByLabel(/^Name/).fill("Big accounts");
    await form.getByLabel(/^Queue/).selectOption({ label: "Complaints" });
    await form.getByRole("button", { name: "Add a condition" }).click();
    await first.getByLabel(/^Field/).selectOption("author_followers");
    await first.getByLabel(/^Followers/).fill("lots");
    await form.getByRole("button", { name: "Add rule" }).click();
    const followers = first.getByLabel(/^Followers/);
    await expect.poll(() => followers.getAttribute("aria-invalid")).toBe("true");
    const problemId = await followers.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${problemId}"]`).textContent()).toMatch(/at_least takes one number/);
    await expect.poll(() => followers.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await followers.fill("10000");
    await form.getByRole("button", { name: "Add rule" }).click();
    const bigRow = page.getByRole("row", { name: /Big accounts/ });
    await bigRow.waitFor();
    expect(await bigRow.textContent()).toContain("author's followers is at least 10000");

    // Moved up, it is tried first; the server keeps the order.
    await bigRow.getByRole("button", { name: "Move up Big accounts" }).click();
    await expect
      .poll(
        async () =>
          (await page.getByRole("row", { name: /Big accounts|VIP complaints/ }).allTextContents())[0],
      )
      .toMatch(/^1Big accounts/);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      "Move down Big accounts",
    );
    const stored = await page.evaluate(async () => (await (await fetch("/api/routing-rules")).json()).items);
    expect(stored.map((r: { name: string }) => r.name)).toEqual(["Big accounts", "VIP complaints"]);

    // Changed in place: switched off and given a sentiment.
    await vipRow.getByRole("button", { name: "Edit VIP complaints" }).click();
    const edit = page.getByRole("form", { name: "Change rule VIP complaints" });
    expect(await edit.getByLabel(/^Name/).evaluate((el) => el === document.activeElement)).toBe(true);
    await edit.getByLabel("On (tried in its turn)").uncheck();
    await edit.getByRole("button", { name: "Add a condition" }).click();
    const third = edit.getByRole("group", { name: "Condition 3" });
    await third.getByLabel(/^Field/).selectOption("sentiment");
    await third.getByRole("checkbox", { name: "negative" }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${RESULTS}routing-rules.png`, fullPage: true });
    await edit.getByRole("button", { name: "Save rule" }).click();
    await edit.waitFor({ state: "detached" });
    await expect.poll(() => vipRow.textContent()).toContain("(off)");
    expect(await vipRow.textContent()).toContain("sentiment is one of negative");

    await bigRow.getByRole("button", { name: "Delete Big accounts" }).click();
    await bigRow.waitFor({ state: "detached" });
    const left = await page.evaluate(async () => (await (await fetch("/api/routing-rules")).json()).items);
    expect(left).toMatchObject([
      {
        name: "VIP complaints",
        enabled: false,
        conditions: [
          { field: "intent", op: "in", values: ["complaint"] },
          { field: "customer_tier", op: "in", values: ["vip"] },
          { field: "sentiment", op: "in", values: ["negative"] },
        ],
      },
    ]);

    // On a phone the editor fits the screen.
    await page.setViewportSize(PHONE);
    await vipRow.getByRole("button", { name: "Edit VIP complaints" }).click();
    await page.getByRole("form", { name: "Change rule VIP complaints" }).waitFor();
    expect(await spillingPastTheScreen(page)).toEqual([]);
  });
});
