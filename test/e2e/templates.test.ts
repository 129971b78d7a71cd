/**
 * Templates and approvals in the browser: an admin sets up a template and an approval rule for
 * trainees; the trainee answers with the template, the reply waits; the admin approves it from the
 * Approvals page and the agent sees it sent. Both new pages are checked with axe-core.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USER } from "../../src/services/demo.ts";
import { seriousViolations } from "./axe.ts";
import { DEMO_BRAND_HANDLE, demoPost } from "./demoPosts.ts";
import { RESULTS, useBrowserSession } from "./session.ts";
import { DEMO_AGENT, signIn } from "./signIn.ts";

describe("templates and approvals, in the browser", () => {
  const session = useBrowserSession();

  test("a trainee answers with a template, the reply waits, a supervisor approves it and it is sent", async () => {
    const admin = session.page;
    await signIn(admin, session.url, DEMO_USER);

    // The admin adds a template, a rule holding trainees' replies, and makes the agent a trainee.
    await admin.getByRole("link", { name: "Templates", exact: true }).click();
    await admin.getByRole("heading", { name: "Templates", level: 1 }).waitFor();
    const templateForm = admin.getByRole("form", { name: "New template" });
    await templateForm.getByLabel("Name").fill("Order on its way");
    await templateForm
      .getByLabel("Text")
      .fill("Hi {{customer_name}}, order {{order_number}} is on its way. {{agent_name}} at {{brand_name}}");
    await templateForm.getByRole("button", { name: "Add template" }).click();
    await admin.getByRole("row", { name: /Order on its way/ }).waitFor();

    const ruleForm = admin.getByRole("form", { name: "New approval rule" });
    await ruleForm.getByLabel("Name").fill("Trainees");
    await ruleForm.getByLabel("The agent is a trainee").check();
    await ruleForm.getByRole("button", { name: "Add rule" }).click();
    await admin.getByRole("row", { name: /Trainees/ }).waitFor();
    const trainee = admin.getByRole("checkbox", { name: DEMO_AGENT.name });
    await trainee.check();
    await admin.waitForTimeout(300);
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: `${RESULTS}templates-page.png`, fullPage: true });

    // A customer writes through the demo source, which can answer.
    const { store, pipeline } = session.parley.core;
    const workspace = (await store.workspaces.list()).find((w) => w.demo)!;
    const source = (await store.sources.list(workspace.id)).find((s) => s.kind === "demo")!;
    const marker = `e2e-template-${Date.now()}`;
    await pipeline.submit(
      workspace.id,
      [demoPost(`@${DEMO_BRAND_HANDLE} ${marker} where is my order? it was due on Monday`)],
      { requireMatch: false, sourceId: source.id },
    );

    // The trainee, in a browser of their own, answers with the template.
    const agentContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const agent = await agentContext.newPage();
      agent.setDefaultTimeout(10_000);
      await signIn(agent, session.url, DEMO_AGENT);
      const row = agent.locator(".inbox-row", { hasText: marker });
      await row.waitFor({ timeout: 15_000 });
      await row.locator(".row-link").click();
      await agent.getByRole("button", { name: /^Claim/ }).click();
      await agent.getByLabel("Template").selectOption({ label: "Order on its way (en)" });
      // Without the order number the template is not filled in, and says so.
      await agent.getByRole("button", { name: "Insert template" }).click();
      expect(await agent.locator(".template-picker [role=alert]").textContent()).toMatch(/order_number/);
      await agent.getByLabel("Order number").fill("LM-4821");
      await agent.getByRole("button", { name: "Insert template" }).click();
      const composer = agent.locator(".composer__text");
      await agent.waitForFunction(() =>
        (document.querySelector(".composer__text") as HTMLTextAreaElement | null)?.value.includes("LM-4821"),
      );
      const text = await composer.inputValue();
      expect(text).toMatch(/^Hi .+, order LM-4821 is on its way\. Alex Agent at /);
      expect(text).not.toContain("{{");
      await agent.getByRole("button", { name: "Send" }).click();
      await agent.locator(".reply-state--awaiting_approval").waitFor();
      expect(await agent.locator(".reply__note").textContent()).toContain("Trainees");

      // The admin approves it from the Approvals page, with an edit.
      await admin.getByRole("link", { name: "Approvals", exact: true }).click();
      await admin.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
      const card = admin.locator(".approval", { hasText: marker });
      await card.waitFor();
      expect(await seriousViolations(admin)).toEqual([]);
      await admin.screenshot({ path: `${RESULTS}approvals-page.png`, fullPage: true });
      const reply = card.getByLabel(/^Reply/);
      await reply.fill(`${text} Thanks for waiting!`);
      await card.getByRole("button", { name: "Approve edited reply" }).click();
      await admin.locator(".approval", { hasText: marker }).waitFor({ state: "detached" });

      // The agent sees it go out, as approved.
      await agent.locator(".reply-state--sent").waitFor({ timeout: 15_000 });
      expect(await agent.locator(".reply__text").last().textContent()).toMatch(/Thanks for waiting!$/);
      await agent.locator(".conversation__thread", { hasText: "Thanks for waiting!" }).waitFor();
    } finally {
      await agentContext.close();
    }
  });
});
