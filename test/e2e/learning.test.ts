import { describe, expect, test } from "vitest";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("learning from agents, and campaign administration, in the browser", () => {
  const session = useBrowserSession();

  test("an agent corrects a post's intent and the correction is still there after a reload", async () => {
    await signIn(session.page, session.url, DEMO_AGENT);
    const marker = `e2e-correct-${Date.now()}`;
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} my phone bill doubled this month, why?`),
    ]);
    const row = session.page.locator(".inbox-row", { hasText: marker });
    await row.waitFor({ timeout: 15_000 });
    await row.locator(".row-link").click();

    const intentRow = session.page.locator(".label-row", {
      has: session.page.locator("dt", { hasText: "Intent" }),
    });
    await session.page.getByRole("button", { name: "Correct intent" }).click();
    const select = session.page.getByRole("combobox", { name: "Correct intent" });
    const modelIntent = await select.inputValue();
    // Whatever the model said, the agent says otherwise.
    const corrected = modelIntent === "complaint" ? "question" : "complaint";
    const correctedWords = corrected === "complaint" ? "Complaint" : "Question";
    await select.selectOption(corrected);
    await session.page.getByRole("button", { name: "Save" }).click();
    await intentRow
      .locator(".label-row__corrected", { hasText: `corrected by ${DEMO_AGENT.name}` })
      .waitFor();

    await session.page.reload();
    await intentRow
      .locator(".label-row__corrected", { hasText: `corrected by ${DEMO_AGENT.name}` })
      .waitFor();
    expect(await intentRow.locator(".label-row__label strong").textContent()).toBe(correctedWords);
    // The model's own label stays visible, struck through.
    expect(await intentRow.locator(".label-row__model s").count()).toBe(1);
    await session.page.screenshot({ path: `${RESULTS}correction.png` });
  });

  test("an admin sees where a broken campaign query fails, fixes it, and finds the campaign listed", async () => {
    await signIn(session.page, session.url);
    await session.page.getByRole("link", { name: "Campaigns" }).click();
    await session.page.getByRole("heading", { name: "Campaigns" }).waitFor();
    await session.page.getByRole("button", { name: "New campaign" }).click();

    const name = `Outages ${Date.now()}`;
    await session.page.getByLabel("Name", { exact: true }).fill(name);
    const query = session.page.getByLabel("Query", { exact: true });
    await query.fill("outage AND");
    await session.page.getByRole("button", { name: "Create campaign" }).click();

    const problem = session.page.locator(".query-problem");
    await problem.waitFor();
    // The caret sits under character 10, just past "AND", where the query ends too soon.
    expect(await problem.locator(".query-problem__caret").textContent()).toBe(
      `outage AND\n${" ".repeat(10)}^`,
    );
    expect(await problem.locator(".query-problem__message").textContent()).toMatch(/at character 10/);
    expect(await query.getAttribute("aria-invalid")).toBe("true");
    await session.page.screenshot({ path: `${RESULTS}campaign-error.png` });

    await query.fill('outage AND (wifi OR "no signal")');
    await expect.poll(() => problem.count()).toBe(0);
    await session.page.getByRole("button", { name: "Create campaign" }).click();

    const listed = session.page.locator(".campaign-row", { hasText: name });
    await listed.waitFor();
    expect(await listed.locator("code.query").textContent()).toBe('outage AND (wifi OR "no signal")');
    expect(await listed.locator(".relevance").textContent()).toMatch(/decision/);
    await session.page.screenshot({ path: `${RESULTS}campaigns.png` });

    // Deleting asks first, and "Keep" is the choice that has focus.
    await listed.getByRole("button", { name: `Delete ${name}` }).click();
    await session.page.screenshot({ path: `${RESULTS}campaign-delete.png` });
    await listed.getByRole("button", { name: "Delete", exact: true }).click();
    await expect.poll(() => session.page.locator(".campaign-row", { hasText: name }).count()).toBe(0);
  });

  test("an analyst reads labels, campaigns and insights but changes none of them", async () => {
    const analyst = {
      email: `analyst-${Date.now()}@session.parley.local`,
      password: "quiet-meadow-lamp",
      name: "Ana Lyst",
    };
    if (!session.parley.demoWorkspaceId) throw new Error("the demo workspace is missing");
    await session.parley.core.services.auth.addUser({
      workspaceId: session.parley.demoWorkspaceId,
      role: "analyst",
      ...analyst,
    });
    // Letters only: analysts see personal data redacted, and a long number reads as a phone number.
    const marker = `e2e-analyst-${Date.now().toString(36).replace(/\d/g, "x")}`;
    await session.parley.ingest([
      demoPost(`@${DEMO_BRAND_HANDLE} ${marker} is roaming included in my plan?`),
    ]);

    await signIn(session.page, session.url, analyst);
    await session.page.locator(".inbox-row", { hasText: marker }).locator(".row-link").click();
    await session.page
      .locator(".label-row", { has: session.page.locator("dt", { hasText: "Intent" }) })
      .waitFor();
    expect(await session.page.getByRole("button", { name: /^Correct/ }).count()).toBe(0);

    await session.page.getByRole("link", { name: "Campaigns" }).click();
    await session.page.locator(".campaign-row").first().waitFor();
    expect(await session.page.getByRole("button", { name: "New campaign" }).count()).toBe(0);
    expect(await session.page.getByRole("button", { name: /^(Edit|Delete)/ }).count()).toBe(0);
    expect(await session.page.getByLabel("Starter").isDisabled()).toBe(true);

    await session.page.getByRole("link", { name: "Insights" }).click();
    await session.page.getByRole("table", { name: "By intent" }).waitFor();
    await session.page.getByText("30 days").click();
    await session.page.getByRole("table", { name: "By topic" }).waitFor();
    await session.page.screenshot({ path: `${RESULTS}insights.png` });
  });
});
